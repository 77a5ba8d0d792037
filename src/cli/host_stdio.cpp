#include "cli/host_stdio.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace leadqual::cli {
namespace {

class FileInput : public Input {
 public:
  FileInput(std::FILE* file, bool owned) : file_(file), owned_(owned) {}
  ~FileInput() override {
    if (owned_) std::fclose(file_);
  }
  FileInput(const FileInput&) = delete;
  FileInput& operator=(const FileInput&) = delete;

  std::size_t read(char* data, std::size_t size) override {
    const std::size_t got = std::fread(data, 1, size, file_);
    if (got < size && std::ferror(file_) && error_.empty()) error_ = std::strerror(errno);
    return got;
  }

 private:
  std::FILE* file_;
  bool owned_;
};

}  // namespace

std::unique_ptr<Input> StdioHost::open(const std::string& path, std::string& error) {
  if (path == "-") return std::make_unique<FileInput>(stdin, false);
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    error = std::strerror(errno);
    return nullptr;
  }
  return std::make_unique<FileInput>(file, true);
}

bool StdioHost::write(Stream stream, std::string_view text, std::string& error) {
  std::FILE* file = stream == Stream::Out ? stdout : stderr;
  if (std::fwrite(text.data(), 1, text.size(), file) != text.size() || std::fflush(file) != 0) {
    error = std::strerror(errno);
    return false;
  }
  return true;
}

bool StdioHost::save(const std::string& path, std::string_view bytes, std::string& error) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) {
    error = std::strerror(errno);
    return false;
  }
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
  if (!written) error = std::strerror(errno);
  if (std::fclose(file) != 0 && written) {
    error = std::strerror(errno);
    return false;
  }
  return written;
}

const std::vector<Preset>& StdioHost::presets() {
  return embedded_presets();
}

}  // namespace leadqual::cli
