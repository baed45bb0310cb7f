#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "maas/region/http/message.h"

namespace maas::region::ui {

inline constexpr const char* kUiPrefix = "/MAAS/r/";

/// The file a /MAAS/r/ path names, relative to the UI directory: "assets/x.js" for real
/// files, "index.html" for everything else (the app's own routes). nullopt for paths that
/// try to leave the directory or are not plain (pure; fuzzed).
std::optional<std::string> assetPathFor(std::string_view request_path);

/// Content-Type by extension of what Vite emits.
std::string contentTypeFor(std::string_view file);

/// Serves the built web UI from memory: files are read once at start-up (they are a few
/// hundred kilobytes), so a request never touches the disk and an upgrade replaces them all
/// at once on restart. Hashed files under assets/ are cached for a year; index.html never.
class UiAssets {
  public:
    /// Loads every regular file under dir; a missing dir leaves the UI unavailable (503).
    explicit UiAssets(const std::filesystem::path& dir);

    http::Response serve(const http::Request& request) const;
    bool available() const { return files_.count("index.html") > 0; }

  private:
    std::filesystem::path dir_;
    std::map<std::string, std::string> files_;  ///< relative path -> content
};

/// Where the UI is: $MAAS_UI_DIR, else share/maas/ui beside the bin/ directory of `exe`
/// (works for /usr, the snap and the build tree alike).
std::filesystem::path defaultUiDir(const std::filesystem::path& exe, const char* env_override);

}  // namespace maas::region::ui
