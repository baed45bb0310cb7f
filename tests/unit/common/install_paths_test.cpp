#include <boost/test/unit_test.hpp>

#include <set>

#include "maas/common/install_paths.h"

namespace fs = std::filesystem;
using maas::hookLibraryCandidates;
using maas::hookLibraryPath;

namespace {
/// A file system holding exactly these files.
auto holding(std::set<fs::path> files) {
    return [files = std::move(files)](const fs::path& p) { return files.contains(p); };
}
}  // namespace

BOOST_AUTO_TEST_SUITE(install_paths)

BOOST_AUTO_TEST_CASE(installed_hook_is_beside_bin_under_any_prefix) {
    for (const fs::path prefix : {"/opt/maas", "/usr", "/tmp/x/prefix", "/snap/maas/12"}) {
        const auto hook = prefix / "lib/maas/hooks/libmaas_dhcp_ha.so";
        BOOST_TEST(hookLibraryPath("", prefix / "bin/maas-rackd", holding({hook})) == hook);
    }
}

BOOST_AUTO_TEST_CASE(build_tree_hook_is_in_lib_beside_bin) {
    BOOST_TEST(hookLibraryPath("", "/src/build/bin/maas-rackd",
                               holding({"/src/build/lib/libmaas_dhcp_ha.so"})) ==
               fs::path("/src/build/lib/libmaas_dhcp_ha.so"));
}

BOOST_AUTO_TEST_CASE(installed_location_wins_over_build_layout) {
    BOOST_TEST(hookLibraryPath("", "/p/bin/maas-rackd",
                               holding({"/p/lib/libmaas_dhcp_ha.so",
                                        "/p/lib/maas/hooks/libmaas_dhcp_ha.so"})) ==
               fs::path("/p/lib/maas/hooks/libmaas_dhcp_ha.so"));
}

BOOST_AUTO_TEST_CASE(missing_hook_names_the_installed_location) {
    BOOST_TEST(hookLibraryPath("", "/opt/maas/bin/maas-rackd", holding({})) ==
               fs::path("/opt/maas/lib/maas/hooks/libmaas_dhcp_ha.so"));
}

BOOST_AUTO_TEST_CASE(configured_path_is_kept_even_when_missing) {
    BOOST_TEST(hookLibraryPath("/etc/x/hook.so", "/opt/maas/bin/maas-rackd",
                               holding({"/opt/maas/lib/maas/hooks/libmaas_dhcp_ha.so"})) ==
               fs::path("/etc/x/hook.so"));
}

BOOST_AUTO_TEST_CASE(candidates_best_first) {
    const auto c = hookLibraryCandidates("/a/bin/maas");
    BOOST_TEST(c.size() == 2u);
    BOOST_TEST(c.at(0) == fs::path("/a/lib/maas/hooks/libmaas_dhcp_ha.so"));
    BOOST_TEST(c.at(1) == fs::path("/a/lib/libmaas_dhcp_ha.so"));
}

BOOST_AUTO_TEST_SUITE_END()
