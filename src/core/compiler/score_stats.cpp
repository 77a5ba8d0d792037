#include "core/compiler/score_stats.hpp"

#include <cmath>
#include <limits>

namespace leadqual {

void ScoreStats::add(double score, bool positive) {
  Count& count = histogram_[score];
  ++count.rows;
  ++rows_;
  if (positive) {
    ++count.positives;
    ++positives_;
  }
}

double ScoreStats::auc() const {
  const std::size_t negatives = rows_ - positives_;
  if (positives_ == 0 || negatives == 0) return std::numeric_limits<double>::quiet_NaN();
  double wins = 0;  // pairs (positive, negative) ordered right, ties counted half
  double negatives_below = 0;
  for (const auto& [score, count] : histogram_) {
    const double negatives_here = static_cast<double>(count.rows - count.positives);
    wins += static_cast<double>(count.positives) * (negatives_below + 0.5 * negatives_here);
    negatives_below += negatives_here;
  }
  return wins / (static_cast<double>(positives_) * static_cast<double>(negatives));
}

std::vector<ScoreStats::Decile> ScoreStats::deciles() const {
  std::vector<Decile> out;
  if (rows_ == 0) return out;
  // Decile d holds the ranks [cut(d-1), cut(d)) counted from the best score, rounded up so
  // that the first decile is never empty.
  const auto cut = [this](int d) { return (rows_ * static_cast<std::size_t>(d) + 9) / 10; };
  int d = 1;
  std::size_t rank = 0;  // leads handed out so far
  Decile current;
  bool open = false;
  for (auto it = histogram_.rbegin(); it != histogram_.rend(); ++it) {
    const double score = it->first;
    std::size_t left = it->second.rows;
    const double rate =
        static_cast<double>(it->second.positives) / static_cast<double>(it->second.rows);
    while (left > 0 && d <= 10) {
      const std::size_t room = cut(d) - rank;
      if (room == 0) {
        if (open) out.push_back(current);
        open = false;
        ++d;
        continue;
      }
      const std::size_t take = left < room ? left : room;
      if (!open) {
        current = Decile{};
        current.decile = d;
        current.max_score = score;
        open = true;
      }
      current.rows += take;
      current.positives += rate * static_cast<double>(take);
      current.min_score = score;
      rank += take;
      left -= take;
    }
  }
  if (open) out.push_back(current);
  return out;
}

std::vector<ScoreStats::Band> ScoreStats::bands(int max_bands) const {
  std::vector<Band> out;
  if (histogram_.empty()) return out;
  const double low = histogram_.begin()->first;
  const double high = histogram_.rbegin()->first;
  // The smallest round width that covers [low, high] in at most max_bands bands.
  double width = 1;
  const double span = high - low;
  if (span > 0) {
    const double raw = span / max_bands;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double step : {1.0, 2.0, 5.0, 10.0, 20.0}) {
      width = step * power;
      const double first = std::floor(low / width) * width;
      if (std::floor((high - first) / width) < max_bands) break;
    }
  }
  const double first = std::floor(low / width) * width;
  for (const auto& [score, count] : histogram_) {
    const double min = first + std::floor((score - first) / width) * width;
    if (out.empty() || out.back().min != min) out.push_back(Band{min, min + width, 0, 0});
    out.back().rows += count.rows;
    out.back().positives += count.positives;
  }
  return std::vector<Band>(out.rbegin(), out.rend());
}

std::pair<std::size_t, std::size_t> ScoreStats::between(double min, double max) const {
  std::size_t rows = 0;
  std::size_t positives = 0;
  for (auto it = histogram_.lower_bound(min); it != histogram_.end() && it->first < max; ++it) {
    rows += it->second.rows;
    positives += it->second.positives;
  }
  return {rows, positives};
}

double ScoreStats::threshold_for_share(double share, double below) const {
  const double wanted = share * static_cast<double>(rows_);
  double best = below;
  double best_gap = wanted;  // taking nobody
  std::size_t taken = 0;
  for (auto it = histogram_.rbegin(); it != histogram_.rend(); ++it) {
    if (it->first >= below) continue;
    taken += it->second.rows;
    const double gap = std::fabs(static_cast<double>(taken) - wanted);
    if (gap < best_gap) {
      best_gap = gap;
      best = it->first;
    }
  }
  return best;
}

double ScoreStats::threshold_for_rate(double rate, double below) const {
  double best = below;
  std::size_t rows = 0;
  std::size_t positives = 0;
  for (auto it = histogram_.rbegin(); it != histogram_.rend(); ++it) {
    if (it->first >= below) continue;
    rows += it->second.rows;
    positives += it->second.positives;
    if (static_cast<double>(positives) >= rate * static_cast<double>(rows)) best = it->first;
  }
  return best;
}

}  // namespace leadqual
