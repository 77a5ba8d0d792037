// calibrate's points from weights, on cases worked out by hand: which options and bands form a
// group every lead holds exactly one of, the shift taken out of such a group, the rounding.
#include "cli/points.hpp"

#include <cstddef>
#include <vector>

#include <gtest/gtest.h>

namespace {

using leadqual::cli::absorb_shifts;
using leadqual::cli::exclusive_groups;
using leadqual::cli::integer_points;
using leadqual::cli::raise_scores;

TEST(Points, AGroupIsOneWhereEveryRowHoldsExactlyOneFeature) {
  // Features 0-2: one question, one per row. 3-4: a question row 3 left unanswered. 5: alone.
  // 6-7: a multi-choice question, where row 1 holds both.
  const std::vector<int> group_of = {0, 0, 0, 1, 1, 2, 3, 3};
  const std::vector<std::vector<int>> rows = {{0, 3, 5, 6}, {1, 4, 6, 7}, {2, 3, 7}, {0, 6}};
  EXPECT_EQ(exclusive_groups(group_of, rows, {0, 1, 2, 3}),
            (std::vector<std::vector<int>>{{0, 1, 2}}));
  // Among rows 0-2 only, the second question was answered by all: a group too.
  EXPECT_EQ(exclusive_groups(group_of, rows, {0, 1, 2}),
            (std::vector<std::vector<int>>{{0, 1, 2}, {3, 4}}));
  EXPECT_TRUE(exclusive_groups(group_of, rows, {}).empty());
}

TEST(Points, TheWeightMostRowsGetBecomesZero) {
  // Every option of the first question at about -0.5: the shift goes, the differences stay.
  std::vector<double> weights = {-0.5, -0.5, -0.7, 0.2, 0.1};
  absorb_shifts(weights, {{0, 1, 2}}, {60, 30, 10, 5, 5});
  const std::vector<double> expected = {0, 0, -0.2, 0.2, 0.1};
  ASSERT_EQ(weights.size(), expected.size());
  for (std::size_t i = 0; i < weights.size(); ++i) EXPECT_NEAR(weights[i], expected[i], 1e-12);
  // Weighted by rows, not by options: 80 of 100 rows hold the option weighted 3.
  std::vector<double> skewed = {1, 2, 3};
  absorb_shifts(skewed, {{0, 1, 2}}, {10, 10, 80});
  EXPECT_EQ(skewed, (std::vector<double>{-2, -1, 0}));
}

std::size_t nonzero(const std::vector<int>& points) {
  std::size_t count = 0;
  for (int p : points) count += p != 0;
  return count;
}

TEST(Points, ScoresRiseWhereTheZeroMovesToALowerAnswer) {
  // Moving the zero to -3 raises all by 3 and leaves two entries; to -1 would raise too little.
  std::vector<int> points = {0, -3, -1};
  EXPECT_EQ(raise_scores(points, {{0, 1, 2}}, 3, 10, nonzero, 10), 3);
  EXPECT_EQ(points, (std::vector<int>{3, 0, 2}));
  // The group whose move takes an entry away goes first.
  std::vector<int> two = {0, -2, -2, -2, 0};
  EXPECT_EQ(raise_scores(two, {{0, 1}, {2, 3, 4}}, 2, 10, nonzero, 10), 2);
  EXPECT_EQ(two, (std::vector<int>{0, -2, 0, 0, 2}));
  // Never past --max-points: nothing to do here.
  std::vector<int> full = {8, -3, 0};
  EXPECT_EQ(raise_scores(full, {{0, 1, 2}}, 3, 10, nonzero, 10), 0);
  EXPECT_EQ(full, (std::vector<int>{8, -3, 0}));
  // Nor past --max-entries: 0, -1, 0, 2 raised by 1 has three entries.
  std::vector<int> tight = {0, -1, 0, 2};
  EXPECT_EQ(raise_scores(tight, {{0, 1, 2, 3}}, 1, 10, nonzero, 2), 0);
  EXPECT_EQ(tight, (std::vector<int>{0, -1, 0, 2}));
}

TEST(Points, TheLargestWeightGetsMaxPoints) {
  EXPECT_EQ(integer_points({0.5, -0.25, 0.1, 0}, 10), (std::vector<int>{10, -5, 2, 0}));
  EXPECT_EQ(integer_points({0, 0}, 10), (std::vector<int>{0, 0}));
}

}  // namespace
