#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "maas/region/ui/assets.h"

using namespace maas::region::ui;
namespace fs = std::filesystem;

namespace {

struct TempUi {
    fs::path dir = fs::temp_directory_path() / ("maas-ui-test-" + std::to_string(::getpid()));
    TempUi() {
        fs::create_directories(dir / "assets");
        std::ofstream(dir / "index.html") << "<div id=\"root\"></div>";
        std::ofstream(dir / "assets" / "index-abc.js") << "console.log(1)";
        std::ofstream(dir / "assets" / "index-abc.js.map") << "{}";
    }
    ~TempUi() { fs::remove_all(dir); }
};

maas::region::http::Request get(const std::string& path) {
    maas::region::http::Request r;
    r.method = "GET";
    r.path = path;
    return r;
}

std::string header(const maas::region::http::Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
        if (k == name)
            return v;
    return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(assets)

BOOST_AUTO_TEST_CASE(app_routes_fall_back_to_index_html) {
    BOOST_TEST(assetPathFor("/MAAS/r/").value() == "index.html");
    BOOST_TEST(assetPathFor("/MAAS/r").value() == "index.html");
    BOOST_TEST(assetPathFor("/MAAS/r/controllers/rack/abc").value() == "index.html");
    BOOST_TEST(assetPathFor("/MAAS/r/assets/index-abc.js").value() == "assets/index-abc.js");
}

BOOST_AUTO_TEST_CASE(paths_that_leave_the_directory_are_refused) {
    BOOST_TEST(!assetPathFor("/MAAS/r/../secret").has_value());
    BOOST_TEST(!assetPathFor("/MAAS/r/assets/../../etc/passwd").has_value());
    BOOST_TEST(!assetPathFor("/MAAS/r/assets//x.js").has_value());
    BOOST_TEST(!assetPathFor("/MAAS/r/a\\b").has_value());
    BOOST_TEST(!assetPathFor("/MAAS/api/2.0/").has_value());
}

BOOST_AUTO_TEST_CASE(content_types_by_extension) {
    BOOST_TEST(contentTypeFor("a.js") == "text/javascript; charset=utf-8");
    BOOST_TEST(contentTypeFor("index.html") == "text/html; charset=utf-8");
    BOOST_TEST(contentTypeFor("x.css") == "text/css; charset=utf-8");
    BOOST_TEST(contentTypeFor("x.bin") == "application/octet-stream");
}

BOOST_AUTO_TEST_CASE(serves_files_with_cache_and_security_headers) {
    TempUi ui;
    UiAssets assets(ui.dir);
    BOOST_TEST(assets.available());
    const auto page = assets.serve(get("/MAAS/r/machines"));
    BOOST_TEST(page.status == 200);
    BOOST_TEST(page.body == "<div id=\"root\"></div>");
    BOOST_TEST(header(page, "Cache-Control") == "no-cache");
    BOOST_TEST(header(page, "Content-Security-Policy").find("default-src 'self'") == 0);
    const auto js = assets.serve(get("/MAAS/r/assets/index-abc.js"));
    BOOST_TEST(js.status == 200);
    BOOST_TEST(js.content_type == "text/javascript; charset=utf-8");
    BOOST_TEST(header(js, "Cache-Control").find("immutable") != std::string::npos);
    BOOST_TEST(assets.serve(get("/MAAS/r/assets/missing.js")).status == 404);
    BOOST_TEST(assets.serve(get("/MAAS/r/assets/index-abc.js.map")).status == 404);
    auto post = get("/MAAS/r/");
    post.method = "POST";
    BOOST_TEST(assets.serve(post).status == 405);
}

BOOST_AUTO_TEST_CASE(missing_ui_answers_503_naming_the_directory) {
    UiAssets assets("/nonexistent/maas-ui");
    BOOST_TEST(!assets.available());
    const auto r = assets.serve(get("/MAAS/r/"));
    BOOST_TEST(r.status == 503);
    BOOST_TEST(r.body.find("/nonexistent/maas-ui") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ui_dir_is_beside_bin_unless_overridden) {
    BOOST_TEST(defaultUiDir("/usr/bin/maas-regiond", nullptr) == fs::path("/usr/share/maas/ui"));
    BOOST_TEST(defaultUiDir("/usr/bin/maas-regiond", "") == fs::path("/usr/share/maas/ui"));
    BOOST_TEST(defaultUiDir("/x/bin/r", "/opt/ui") == fs::path("/opt/ui"));
}

BOOST_AUTO_TEST_SUITE_END()
