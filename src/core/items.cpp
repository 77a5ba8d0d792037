// Model::items(): the parts of a model that hold or not per lead, numbered in model order.
#include <string>
#include <vector>

#include "core/leadqual.hpp"
#include "core/model_impl.hpp"
#include "core/text_util.hpp"

namespace leadqual {
namespace {

// How many items question `question` has.
std::size_t item_count(const Question& question) {
  switch (question.type) {
    case QuestionType::Choice:
    case QuestionType::Multi:
      return question.options.size();
    case QuestionType::Number:
    case QuestionType::Range:
      return question.bands.size();
    case QuestionType::Boolean:
      return 1;
    default:
      return 0;
  }
}

double score_points(const Model::Impl& impl, const Points& points) {
  double total = 0;
  for (const Contribution& c : points) {
    total += impl.dimensions[static_cast<std::size_t>(c.dimension)].weight * c.points;
  }
  return total;
}

}  // namespace

void number_items(Model::Impl& impl) {
  impl.item_base.clear();
  int next = 0;
  for (const Question& question : impl.questions) {
    impl.item_base.push_back(next);
    next += static_cast<int>(item_count(question));
  }
  impl.rule_item_base = next;
}

std::vector<ModelItem> Model::items() const {
  const Impl& m = *impl_;
  std::vector<ModelItem> items;
  for (std::size_t q = 0; q < m.questions.size(); ++q) {
    const Question& question = m.questions[q];
    const std::string at = pointer_append("/questions", q);
    const auto add = [&](ModelItem::Kind kind, std::size_t index, std::string pointer,
                         const std::string& text, const std::string& own_text,
                         const Points& points) {
      ModelItem item;
      item.kind = kind;
      item.question = static_cast<int>(q);
      item.index = static_cast<int>(index);
      item.pointer = std::move(pointer);
      item.id = question.id;
      item.text = text;
      item.name = question.id + ": " + own_text;
      item.points = score_points(m, points);
      items.push_back(std::move(item));
    };
    switch (question.type) {
      case QuestionType::Choice:
      case QuestionType::Multi:
        for (std::size_t o = 0; o < question.options.size(); ++o) {
          const Option& option = question.options[o];
          add(ModelItem::Kind::Option, o, pointer_append(pointer_append(at, "options"), o),
              option.text, option.text, option.points);
        }
        break;
      case QuestionType::Number:
      case QuestionType::Range:
        for (std::size_t b = 0; b < question.bands.size(); ++b) {
          const Band& band = question.bands[b];
          // Without a label of its own a band's text is "Question label: bounds".
          const std::string prefix = question.text + ": ";
          const bool labelled = normalized()["questions"][q]["bands"][b].contains("label");
          const std::string own_text = !labelled && band.text.compare(0, prefix.size(), prefix) == 0
                                           ? band.text.substr(prefix.size())
                                           : band.text;
          add(ModelItem::Kind::Band, b, pointer_append(pointer_append(at, "bands"), b), band.text,
              own_text, band.points);
        }
        break;
      case QuestionType::Boolean:
        add(ModelItem::Kind::Boolean, 0, at, question.text, "yes", question.true_points);
        break;
      default:
        break;
    }
  }
  for (std::size_t r = 0; r < m.rules.size(); ++r) {
    const Rule& rule = m.rules[r];
    ModelItem item;
    item.kind = rule.disqualifies ? ModelItem::Kind::Disqualifier : ModelItem::Kind::Rule;
    item.index = static_cast<int>(r);
    item.pointer = pointer_append("/rules", r);
    item.id = rule.id;
    item.text = rule.text;
    item.name = "rule " + rule.id + (rule.text == rule.id ? "" : ": " + rule.text);
    item.points = score_points(m, rule.add);
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace leadqual
