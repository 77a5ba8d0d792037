// The native command's host: files through stdio, standard streams, the embedded presets.
#pragma once

#include "cli/host.hpp"

namespace leadqual::cli {

class StdioHost : public Host {
 public:
  std::unique_ptr<Input> open(const std::string& path, std::string& error) override;
  bool write(Stream stream, std::string_view text, std::string& error) override;
  bool save(const std::string& path, std::string_view bytes, std::string& error) override;
  const std::vector<Preset>& presets() override;
};

}  // namespace leadqual::cli
