// Scores and outcomes of many leads, kept as a histogram of distinct scores (so memory follows
// the number of distinct scores, not of leads): ROC AUC, lift by decile, conversion per score
// band, and the score thresholds that give a stage a wanted volume or conversion rate.
#pragma once

#include <cstddef>
#include <map>
#include <vector>

namespace leadqual {

class ScoreStats {
 public:
  void add(double score, bool positive);

  std::size_t rows() const { return rows_; }
  std::size_t positives() const { return positives_; }

  // The probability that a converted lead scores higher than one that did not (ties count
  // half): the Mann-Whitney form of the area under the ROC curve. NaN without both kinds.
  double auc() const;

  // Leads from the highest score down, cut into ten groups of (nearly) equal size. Leads with the
  // same score that straddle a cut are shared between the two deciles in proportion, so
  // `positives` is the expected count had their order been random (possibly fractional).
  struct Decile {
    int decile = 0;  // 1 = the best-scored tenth
    std::size_t rows = 0;
    double positives = 0;
    double min_score = 0;
    double max_score = 0;
  };
  std::vector<Decile> deciles() const;

  // Scores cut into bands of a round width (1, 2 or 5 times a power of ten) so that there are
  // at most `max_bands`; only bands that hold leads, highest first. A band is min <= score < max.
  struct Band {
    double min = 0;
    double max = 0;
    std::size_t rows = 0;
    std::size_t positives = 0;
  };
  std::vector<Band> bands(int max_bands = 10) const;

  // The score at or above which the share of leads is closest to `share` (0..1), counting only
  // leads that score below `below` (the threshold of the stage before, or +infinity).
  double threshold_for_share(double share, double below) const;
  // The lowest score t such that leads scoring t or more (and below `below`) convert at
  // `rate` (0..1) or better; `below` itself when no such t exists.
  double threshold_for_rate(double rate, double below) const;
  // Leads scoring at least `min` and below `max`: (rows, positives).
  std::pair<std::size_t, std::size_t> between(double min, double max) const;

 private:
  struct Count {
    std::size_t rows = 0;
    std::size_t positives = 0;
  };
  std::map<double, Count> histogram_;
  std::size_t rows_ = 0;
  std::size_t positives_ = 0;
};

}  // namespace leadqual
