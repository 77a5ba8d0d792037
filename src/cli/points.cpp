#include "cli/points.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace leadqual::cli {

std::vector<std::vector<int>> exclusive_groups(const std::vector<int>& group_of,
                                               const std::vector<std::vector<int>>& row_features,
                                               const std::vector<std::size_t>& rows) {
  std::map<int, std::vector<int>> members;
  for (std::size_t f = 0; f < group_of.size(); ++f) {
    if (group_of[f] >= 0) members[group_of[f]].push_back(static_cast<int>(f));
  }
  // Per group, whether every row so far held exactly one of its features.
  std::map<int, bool> exclusive;
  for (const auto& [group, features] : members) exclusive[group] = features.size() > 1;
  std::map<int, int> held;
  for (std::size_t r : rows) {
    held.clear();
    for (int f : row_features[r]) {
      const int group = group_of[static_cast<std::size_t>(f)];
      if (group >= 0) ++held[group];
    }
    for (auto& [group, still] : exclusive) {
      if (!still) continue;
      const auto found = held.find(group);
      still = found != held.end() && found->second == 1;
    }
  }
  std::vector<std::vector<int>> groups;
  for (const auto& [group, features] : members) {
    if (exclusive[group] && !rows.empty()) groups.push_back(features);
  }
  return groups;
}

void absorb_shifts(std::vector<double>& weights, const std::vector<std::vector<int>>& groups,
                   const std::vector<std::size_t>& rows_of) {
  for (const std::vector<int>& group : groups) {
    std::vector<int> order = group;
    std::sort(order.begin(), order.end(), [&](int a, int b) {
      return weights[static_cast<std::size_t>(a)] < weights[static_cast<std::size_t>(b)];
    });
    std::size_t total = 0;
    for (int f : order) total += rows_of[static_cast<std::size_t>(f)];
    // The weighted median: the first weight with at least half of the rows at or below it.
    double median = 0;
    std::size_t seen = 0;
    for (int f : order) {
      seen += rows_of[static_cast<std::size_t>(f)];
      if (2 * seen >= total) {
        median = weights[static_cast<std::size_t>(f)];
        break;
      }
    }
    for (int f : group) weights[static_cast<std::size_t>(f)] -= median;
  }
}

int raise_scores(std::vector<int>& points, const std::vector<std::vector<int>>& groups, int needed,
                 int max_points, const std::function<std::size_t(const std::vector<int>&)>& entries,
                 std::size_t max_entries) {
  int raised = 0;
  std::vector<int> moved;
  while (raised < needed) {
    // The best move: fewest entries, then the raise nearest to what is still needed (enough,
    // and no more, before anything less).
    const std::vector<int>* best_group = nullptr;
    int best_raise = 0;
    std::size_t best_entries = 0;
    const int rest = needed - raised;
    for (const std::vector<int>& group : groups) {
      int highest = 0;
      for (int f : group) highest = std::max(highest, points[static_cast<std::size_t>(f)]);
      for (int k : group) {
        const int raise = -points[static_cast<std::size_t>(k)];
        if (raise <= 0 || highest + raise > max_points) continue;
        moved = points;
        for (int f : group) moved[static_cast<std::size_t>(f)] += raise;
        const std::size_t count = entries(moved);
        if (count > max_entries) continue;
        bool better = best_group == nullptr || count < best_entries;
        if (best_group != nullptr && count == best_entries) {
          const bool enough = raise >= rest;
          const bool best_enough = best_raise >= rest;
          better =
              enough != best_enough ? enough : (enough ? raise < best_raise : raise > best_raise);
        }
        if (better) {
          best_group = &group;
          best_raise = raise;
          best_entries = count;
        }
      }
    }
    if (best_group == nullptr) break;
    for (int f : *best_group) points[static_cast<std::size_t>(f)] += best_raise;
    raised += best_raise;
  }
  return raised;
}

std::vector<int> integer_points(const std::vector<double>& weights, int max_points) {
  double largest = 0;
  for (double w : weights) largest = std::max(largest, std::fabs(w));
  std::vector<int> points(weights.size(), 0);
  if (largest == 0) return points;
  const double scale = max_points / largest;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    points[i] = static_cast<int>(std::lround(weights[i] * scale));
  }
  return points;
}

}  // namespace leadqual::cli
