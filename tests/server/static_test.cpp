// Static files from --root and --models: MIME types, validators, compression, redirects and
// refusal of anything outside the root.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "helpers.hpp"

namespace leadqual::testing {
namespace {

class StaticTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server.ok()) << server.failure();
    // Raw bytes: compression must be visible, not undone by the client.
    client.set_decompress(false);
  }
  Collector server;
  httplib::Client client = server.client();
};

TEST_F(StaticTest, MimeTypesPerExtension) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/demo/index.html", "text/html; charset=utf-8"},
      {"/leadqual.js", "text/javascript; charset=utf-8"},
      {"/widget.css", "text/css; charset=utf-8"},
      {"/build/leadqual.wasm", "application/wasm"},
      {"/data.json", "application/json"},
  };
  for (const auto& [path, type] : cases) {
    SCOPED_TRACE(path);
    const auto response = client.Get(path.c_str());
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->get_header_value("Content-Type"), type);
    EXPECT_EQ(response->get_header_value("X-Content-Type-Options"), "nosniff");
  }
}

TEST_F(StaticTest, RootRedirectsToTheDemoAndFoldersToTheirIndex) {
  auto response = client.Get("/");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 302);
  EXPECT_EQ(response->get_header_value("Location"), "/demo/");
  response = client.Get("/demo");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 301);
  EXPECT_EQ(response->get_header_value("Location"), "/demo/");
  response = client.Get("/demo/");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_NE(response->body.find("Demo page"), std::string::npos);
}

TEST_F(StaticTest, ValidatorsGive304) {
  const auto first = client.Get("/leadqual.js");
  ASSERT_TRUE(first);
  const std::string etag = first->get_header_value("ETag");
  const std::string modified = first->get_header_value("Last-Modified");
  EXPECT_FALSE(etag.empty());
  EXPECT_NE(modified.find(" GMT"), std::string::npos);
  EXPECT_EQ(first->get_header_value("Cache-Control"), "no-cache");
  auto again = client.Get("/leadqual.js", {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  again = client.Get("/leadqual.js", {{"If-Modified-Since", modified}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  again = client.Get("/leadqual.js", {{"If-None-Match", "W/\"other\""}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

TEST_F(StaticTest, GzipWhenAccepted) {
  for (const char* path : {"/leadqual.js", "/build/leadqual.wasm"}) {
    SCOPED_TRACE(path);
    const auto plain = client.Get(path);
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->get_header_value("Content-Encoding"), "");
    const auto zipped = client.Get(path, {{"Accept-Encoding", "gzip"}});
    ASSERT_TRUE(zipped);
    EXPECT_EQ(zipped->get_header_value("Content-Encoding"), "gzip");
    EXPECT_LT(zipped->body.size(), plain->body.size());
    ASSERT_GE(zipped->body.size(), 2u);
    EXPECT_EQ(static_cast<unsigned char>(zipped->body[0]), 0x1f);  // gzip magic
    EXPECT_EQ(static_cast<unsigned char>(zipped->body[1]), 0x8b);
    EXPECT_NE(zipped->get_header_value("Vary").find("Accept-Encoding"), std::string::npos);
  }
  // The client decompressing gets the original bytes back.
  httplib::Client decompressing = server.client();
  const auto wasm = decompressing.Get("/build/leadqual.wasm", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(wasm);
  EXPECT_EQ(wasm->body.size(), 20008u);
  EXPECT_EQ(wasm->body.substr(0, 4), std::string("\0asm", 4));
}

TEST_F(StaticTest, NothingOutsideTheRootIsServed) {
  for (const char* path :
       {"/../outside.txt", "/demo/../../outside.txt", "/%2e%2e/outside.txt",
        "/%2e%2e%2foutside.txt", "/demo/%2e%2e/%2e%2e/outside.txt", "/..%5coutside.txt", "/.secret",
        "/demo/../.secret", "/%2esecret", "/etc/passwd", "/leadqual.js%00.html"}) {
    SCOPED_TRACE(path);
    const auto response = client.Get(path);
    ASSERT_TRUE(response);
    EXPECT_TRUE(response->status == 404 || response->status == 400) << response->status;
    EXPECT_EQ(response->body.find("outside the root"), std::string::npos);
    EXPECT_EQ(response->body.find("hidden"), std::string::npos);
  }
}

// Finding 6: "//demo" answered "301 Location: //demo/", a redirect to the host "demo".
TEST_F(StaticTest, RedirectsStayOnThisSite) {
  for (const char* path : {"//demo", "///demo", "//demo%0d%0aSet-Cookie:%20x=1"}) {
    SCOPED_TRACE(path);
    const auto response = client.Get(path);
    ASSERT_TRUE(response);
    const std::string location = response->get_header_value("Location");
    if (response->status == 301) {
      EXPECT_EQ(location, "/demo/");
    } else {
      EXPECT_EQ(response->status, 404);
    }
    EXPECT_NE(location.rfind("//", 0), 0u) << location;
    EXPECT_FALSE(response->has_header("Set-Cookie"));
  }
}

// Finding 6: a symbolic link to a folder outside the root answered 301 instead of 404.
TEST_F(StaticTest, ALinkToAFolderOutsideTheRootIsNotFound) {
  const std::string root = server.dir().file("web");
  std::filesystem::create_directories(server.dir().file("elsewhere"));
  std::ofstream(server.dir().file("elsewhere/secret.txt")) << "outside the root";
  std::filesystem::create_directory_symlink(server.dir().file("elsewhere"), root + "/linked");
  for (const char* path : {"/linked", "/linked/", "/linked/secret.txt"}) {
    SCOPED_TRACE(path);
    const auto response = client.Get(path);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 404);
    EXPECT_EQ(response->get_header_value("Location"), "");
  }
}

// Issue 9, item 6: static answers are compressed once, brotli when accepted, and precompressed
// files beside a file are sent as they are.
TEST_F(StaticTest, BrotliWhenAcceptedAndPrecompressedFilesAsTheyAre) {
  const auto br = client.Get("/leadqual.js", {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_TRUE(br);
  EXPECT_EQ(br->get_header_value("Content-Encoding"), "br");
  EXPECT_LT(br->body.size(), 200u);
  const auto refused = client.Get("/leadqual.js", {{"Accept-Encoding", "br;q=0, gzip"}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->get_header_value("Content-Encoding"), "gzip");
  const auto none = client.Get("/leadqual.js", {{"Accept-Encoding", "identity"}});
  ASSERT_TRUE(none);
  EXPECT_EQ(none->get_header_value("Content-Encoding"), "");
  // Precompressed forms beside the file (here marked bytes, not real compressed data, so the
  // test sees they are sent untouched).
  const std::string root = server.dir().file("web");
  std::ofstream(root + "/widget.css.br", std::ios::binary) << "BROTLI-BYTES";
  std::ofstream(root + "/widget.css.gz", std::ios::binary) << "GZIP-BYTES";
  auto pre = client.Get("/widget.css", {{"Accept-Encoding", "gzip, br"}});
  ASSERT_TRUE(pre);
  EXPECT_EQ(pre->get_header_value("Content-Encoding"), "br");
  EXPECT_EQ(pre->body, "BROTLI-BYTES");
  EXPECT_EQ(pre->get_header_value("Content-Type"), "text/css; charset=utf-8");
  pre = client.Get("/widget.css", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(pre);
  EXPECT_EQ(pre->body, "GZIP-BYTES");
  pre = client.Get("/widget.css");
  ASSERT_TRUE(pre);
  EXPECT_EQ(pre->body, ":root { --lq-accent: blue; }\n");
  // A precompressed file older than the file it was made from is stale and not used.
  std::filesystem::last_write_time(
      root + "/widget.css.br",
      std::filesystem::last_write_time(root + "/widget.css") - std::chrono::hours(1));
  pre = client.Get("/widget.css", {{"Accept-Encoding", "br"}});
  ASSERT_TRUE(pre);
  EXPECT_NE(pre->body, "BROTLI-BYTES");
}

// Issue 9, item 6: what a widget page with a compiled model fetches. The runtime's .wasm keeps
// its type (WebAssembly.compileStreaming needs application/wasm) when a precompressed copy is
// sent, with Vary and a validator that gives 304; compiled models are served from --models.
TEST_F(StaticTest, PrecompressedWasmKeepsItsTypeAndValidators) {
  const std::string root = server.dir().file("web");
  std::ofstream(root + "/build/leadqual.wasm.br", std::ios::binary) << "BROTLI-WASM";
  const auto br = client.Get("/build/leadqual.wasm", {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_TRUE(br);
  EXPECT_EQ(br->status, 200);
  EXPECT_EQ(br->body, "BROTLI-WASM");
  EXPECT_EQ(br->get_header_value("Content-Encoding"), "br");
  EXPECT_EQ(br->get_header_value("Content-Type"), "application/wasm");
  EXPECT_EQ(br->get_header_value("Vary"), "Accept-Encoding");
  const std::string etag = br->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  // No .gz beside it: gzip is made once from the file, not taken from the brotli copy.
  const auto gz = client.Get("/build/leadqual.wasm", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(gz);
  EXPECT_EQ(gz->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(gz->body.compare(0, 2, "\x1f\x8b"), 0);
  const auto same =
      client.Get("/build/leadqual.wasm", {{"Accept-Encoding", "br"}, {"If-None-Match", etag}});
  ASSERT_TRUE(same);
  EXPECT_EQ(same->status, 304);
  EXPECT_TRUE(same->body.empty());
  EXPECT_EQ(same->get_header_value("Vary"), "Accept-Encoding");
}

TEST(StaticModels, CompiledModelsAreServedWithTheirTypeCompressed) {
  TempDir models;
  std::filesystem::copy_file(data_path("models/collector-test.json"),
                             models.file("collector-test.json"));
  const std::string compiled = std::string("LQCM\1\0\0\0", 8) + std::string(2000, 'q');
  std::ofstream(models.file("collector-test.lqc"), std::ios::binary) << compiled;
  std::ofstream(models.file("collector-test.lqc.br"), std::ios::binary) << "BROTLI-LQC";
  Collector server({"--models", models.path()}, false);
  ASSERT_TRUE(server.ok()) << server.failure();
  auto client = server.client();
  client.set_decompress(false);
  auto response = client.Get("/models/collector-test.lqc");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->get_header_value("Content-Type"), "application/vnd.leadqual.compiled");
  EXPECT_EQ(response->body, compiled);
  response = client.Get("/models/collector-test.lqc", {{"Accept-Encoding", "br"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "BROTLI-LQC");
  response = client.Get("/models/collector-test.lqc", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->get_header_value("Content-Encoding"), "gzip");  // compressed once
  // The precompressed copy itself is no model file.
  response = client.Get("/models/collector-test.lqc.br");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 404);
}

TEST_F(StaticTest, ModelsFolderServesModelsOnly) {
  auto response = client.Get("/models/collector-test.json");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->get_header_value("Content-Type"), "application/json");
  EXPECT_NE(response->body.find("\"collector-test\""), std::string::npos);
  response = client.Get("/models/nested/second.json");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  for (const char* path : {"/models/readme.txt", "/models/../static_test.cpp", "/models/nested/",
                           "/models/%2e%2e/CMakeLists.txt"}) {
    SCOPED_TRACE(path);
    response = client.Get(path);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 404);
  }
}

TEST_F(StaticTest, HeadRequestsGetHeadersOnly) {
  const auto response = client.Head("/leadqual.js");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(response->body.empty());
  EXPECT_EQ(response->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
}

}  // namespace
}  // namespace leadqual::testing
