#include <boost/test/unit_test.hpp>

#include <vector>

#include "maas/common/paths.h"

using maas::Layout;
using maas::MapEnvironment;
using maas::Paths;
using Vars = std::map<std::string, std::string>;

BOOST_AUTO_TEST_SUITE(paths)

BOOST_AUTO_TEST_CASE(debian_layout_by_default) {
    auto p = Paths::fromEnvironment(MapEnvironment(Vars{}));
    BOOST_TEST((p.layout == Layout::Debian));
    BOOST_TEST(p.regiond_conf.string() == "/etc/maas/regiond.conf");
    BOOST_TEST(p.rackd_conf.string() == "/etc/maas/rackd.conf");
    BOOST_TEST(p.secret.string() == "/var/lib/maas/secret");
    BOOST_TEST(p.maas_id.string() == "/var/lib/maas/maas_id");
}

BOOST_AUTO_TEST_CASE(snap_layout_when_snap_variables_set) {
    auto p = Paths::fromEnvironment(MapEnvironment(
        Vars{{"SNAP_COMMON", "/var/snap/maas/common"}, {"SNAP_DATA", "/var/snap/maas/x1"}}));
    BOOST_TEST((p.layout == Layout::Snap));
    BOOST_TEST(p.secret.string() == "/var/snap/maas/common/maas/secret");
    BOOST_TEST(p.mode_file.string() == "/var/snap/maas/common/snap_mode");
    BOOST_TEST(p.regiond_conf.string() == "/var/snap/maas/x1/regiond.conf");
}

BOOST_AUTO_TEST_CASE(root_prefix_puts_everything_under_it) {
    auto p = Paths::fromEnvironment(MapEnvironment(Vars{{"MAAS_ROOT", "/tmp/r1"}}));
    const std::vector<std::filesystem::path> all{p.regiond_conf, p.rackd_conf,        p.secret,
                                                 p.maas_id,      p.mode_file,         p.log_dir,
                                                 p.database_dir, p.supervisor_socket, p.dhcp_dir};
    for (const auto& path : all) {
        BOOST_TEST(path.string().rfind("/tmp/r1/", 0) == 0, path.string());
    }
}

BOOST_AUTO_TEST_CASE(root_prefix_applies_to_snap_layout) {
    auto p = Paths::fromEnvironment(MapEnvironment(Vars{{"MAAS_ROOT", "/tmp/r2"},
                                                        {"SNAP_COMMON", "/var/snap/maas/common"},
                                                        {"SNAP_DATA", "/var/snap/maas/x1"}}));
    BOOST_TEST(p.secret.string() == "/tmp/r2/var/snap/maas/common/maas/secret");
}

BOOST_AUTO_TEST_SUITE_END()
