# Generates a C++ file holding the models listed in presets.txt, as byte arrays.
#   cmake -DLIST=models/frameworks/presets.txt -DOUT=presets_data.cpp -P embed_presets.cmake
# presets.txt: one file name per line, relative to the list's folder; blank lines and lines
# starting with '#' are skipped.
get_filename_component(dir "${LIST}" DIRECTORY)
file(STRINGS "${LIST}" lines)
set(arrays "")
set(entries "")
set(index 0)
foreach(line IN LISTS lines)
  string(STRIP "${line}" file)
  if(file STREQUAL "" OR file MATCHES "^#")
    continue()
  endif()
  if(NOT EXISTS "${dir}/${file}")
    message(FATAL_ERROR "${LIST} lists '${file}', but ${dir}/${file} does not exist")
  endif()
  get_filename_component(name "${file}" NAME_WE)
  file(READ "${dir}/${file}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
  string(APPEND arrays "const char kPreset${index}[] = {${bytes}};\n")
  string(APPEND entries "      {\"${name}\", {kPreset${index}, sizeof kPreset${index}}},\n")
  math(EXPR index "${index} + 1")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from ${LIST} by embed_presets.cmake. Do not edit.
#include \"cli/presets.hpp\"

namespace leadqual::cli {
namespace {
${arrays}}  // namespace

const std::vector<Preset>& embedded_presets() {
  static const std::vector<Preset> presets{
${entries}  };
  return presets;
}

}  // namespace leadqual::cli
")
# Only touch the output when it changed, so an unchanged list rebuilds nothing.
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
