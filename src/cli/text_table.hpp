// Plain-text tables on a terminal, shared by the verbs that print reports (backtest, calibrate):
// fixed decimals, percentages, and columns padded by code point so that labels with accents or
// "≥" line up.
#pragma once

#include <cstddef>
#include <string>

namespace leadqual::cli {

// 0.1234, 2 -> "0.12"
std::string fixed(double value, int decimals);
// 0.1234 -> "12.3 %"
std::string percent_text(double rate);
// `text` right-aligned (or left-aligned) in `width` code points; longer text is kept whole.
std::string pad(const std::string& text, std::size_t width, bool right = true);
// `text` cut to at most `width` code points, ending in "…" when cut (cut between code points).
std::string clip(const std::string& text, std::size_t width);

}  // namespace leadqual::cli
