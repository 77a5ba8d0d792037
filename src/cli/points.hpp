// From logistic-regression weights to the integer points `leadqual calibrate` writes
// (cli/calibrate.cpp): constant shifts absorbed, then scaled and rounded.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace leadqual::cli {

// Groups of features of which every one of `rows` holds exactly one: the options of a choice
// question every lead answered, bands that cover every answer. `group_of[f]` is the group
// feature f may belong to (its question), or -1; `row_features[r]` the features row r holds.
// Adding one number to every feature of such a group moves every score by that number: the
// ranking, and so the fit, cannot tell.
std::vector<std::vector<int>> exclusive_groups(const std::vector<int>& group_of,
                                               const std::vector<std::vector<int>>& row_features,
                                               const std::vector<std::size_t>& rows);

// Subtracts from each group's weights their median weighted by the rows each feature holds for
// (`rows_of`), so that the weight most leads get from the group is 0 and the others say how much
// better or worse a lead is than those: a solver leaves such shifts wherever its stopping
// criterion finds them (every option of a question at −1, negative stage thresholds).
void absorb_shifts(std::vector<double>& weights, const std::vector<std::vector<int>>& groups,
                   const std::vector<std::size_t>& rows_of);

// Raises every score by `needed` (> 0) or as near as it can, for stage thresholds that are not
// negative: in a group of `groups` (every lead holds exactly one of its features) the zero moves
// to a feature with negative points, so every feature of the group gains those points. Picks
// the moves that leave the fewest point entries (`entries` counts them), never more than
// `max_entries`, never past `max_points`, never leaving a group without a zero. Returns how
// much every score rose.
int raise_scores(std::vector<int>& points, const std::vector<std::vector<int>>& groups, int needed,
                 int max_points, const std::function<std::size_t(const std::vector<int>&)>& entries,
                 std::size_t max_entries);

// Integer points from weights: the largest |w| becomes max_points, the rest in proportion,
// rounded.
std::vector<int> integer_points(const std::vector<double>& weights, int max_points);

}  // namespace leadqual::cli
