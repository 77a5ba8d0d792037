// The framework presets of models/frameworks, embedded at build time (see embed_presets.cmake)
// so `leadqual new` works wherever the command is installed.
#pragma once

#include <string_view>
#include <vector>

namespace leadqual::cli {

struct Preset {
  std::string_view name;  // the file name without ".json": "bant"
  std::string_view text;  // the model's JSON text
};

// In models/frameworks/presets.txt order.
const std::vector<Preset>& embedded_presets();

}  // namespace leadqual::cli
