#include "maas/region/ui/assets.h"

#include <fstream>
#include <sstream>

namespace maas::region::ui {

namespace {

// The page may load only what this origin serves; the API is same-origin too.
constexpr const char* kCsp =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

bool plainSegment(std::string_view s) {
    if (s.empty() || s == "." || s == "..")
        return false;
    for (const unsigned char c : s)
        if (c < 0x21 || c == 0x7f || c == '\\')
            return false;
    return true;
}

}  // namespace

std::optional<std::string> assetPathFor(std::string_view request_path) {
    const std::string_view prefix = kUiPrefix;
    if (request_path == "/MAAS/r")
        return "index.html";
    if (!request_path.starts_with(prefix))
        return std::nullopt;
    std::string_view rest = request_path.substr(prefix.size());
    std::string_view check = rest;
    while (!check.empty()) {
        const auto slash = check.find('/');
        const auto segment = check.substr(0, slash);
        if (slash == std::string_view::npos ? !plainSegment(segment)
                                            : (segment.empty() || !plainSegment(segment)))
            return std::nullopt;
        if (slash == std::string_view::npos)
            break;
        check.remove_prefix(slash + 1);
    }
    // Only the build's own files are files; every other path is a page of the app.
    if (rest.starts_with("assets/") && rest.size() > 7 && !rest.ends_with('/'))
        return std::string(rest);
    if (rest == "favicon.ico" || rest == "robots.txt")
        return std::string(rest);
    return "index.html";
}

std::string contentTypeFor(std::string_view file) {
    static const std::pair<const char*, const char*> types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".json", "application/json"},
        {".txt", "text/plain; charset=utf-8"},
        {".map", "application/json"},
    };
    for (const auto& [ext, type] : types)
        if (file.ends_with(ext))
            return type;
    return "application/octet-stream";
}

UiAssets::UiAssets(const std::filesystem::path& dir) : dir_(dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        return;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
        if (!entry.is_regular_file() || entry.path().extension() == ".map")
            continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream content;
        content << in.rdbuf();
        files_[entry.path().lexically_relative(dir).generic_string()] = content.str();
    }
}

http::Response UiAssets::serve(const http::Request& request) const {
    http::Response r;
    r.metric_label = "ui";
    if (request.method != "GET" && request.method != "HEAD") {
        r = http::Response::text(405, "Method not allowed");
        r.metric_label = "ui";
        return r;
    }
    if (!available()) {
        r = http::Response::text(
            503, "The web UI is not installed on this region (looked in " + dir_.string() + ").");
        r.metric_label = "ui";
        return r;
    }
    const auto file = assetPathFor(request.path);
    const auto found = file ? files_.find(*file) : files_.end();
    if (found == files_.end()) {
        r = http::Response::text(404, "Not found: " + request.path);
        r.metric_label = "ui";
        return r;
    }
    r.content_type = contentTypeFor(found->first);
    r.body = request.method == "HEAD" ? std::string() : found->second;
    r.headers.emplace_back("Cache-Control", found->first.starts_with("assets/")
                                                ? "public, max-age=31536000, immutable"
                                                : "no-cache");
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    if (found->first == "index.html") {
        r.headers.emplace_back("Content-Security-Policy", kCsp);
        r.headers.emplace_back("X-Frame-Options", "DENY");
        r.headers.emplace_back("Referrer-Policy", "same-origin");
    }
    return r;
}

std::filesystem::path defaultUiDir(const std::filesystem::path& exe, const char* env_override) {
    if (env_override && *env_override)
        return env_override;
    return exe.parent_path().parent_path() / "share" / "maas" / "ui";
}

}  // namespace maas::region::ui
