// The host contracts the supervisor, `maas init` and the region tools share: the mode file and
// the embedded database's layout.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "maas/common/config_schemas.h"
#include "maas/common/database_layout.h"
#include "maas/common/mode.h"

using namespace maas;
namespace fs = std::filesystem;
using Vars = std::map<std::string, std::string>;

namespace {

struct TempRoot {
    fs::path dir;
    TempRoot() {
        std::string tmpl = (fs::temp_directory_path() / "maas-host-XXXXXX").string();
        dir = ::mkdtemp(tmpl.data());
    }
    ~TempRoot() { fs::remove_all(dir); }
    Paths paths() const { return Paths::fromEnvironment(MapEnvironment(Vars{{"MAAS_ROOT", dir}})); }
};

void writeText(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mode_file)

BOOST_AUTO_TEST_CASE(names_round_trip_and_roles) {
    for (auto mode : {Mode::None, Mode::Region, Mode::Rack, Mode::RegionRack}) {
        BOOST_TEST((parseMode(modeName(mode)) == mode));
    }
    BOOST_TEST(modeName(Mode::RegionRack) == "region+rack");
    BOOST_TEST((parseMode("rack \n") == Mode::Rack));
    BOOST_TEST(!parseMode("Region"));
    BOOST_TEST(!parseMode("region rack"));
    BOOST_TEST(!parseMode(""));
    BOOST_TEST(hasRegion(Mode::Region));
    BOOST_TEST(hasRegion(Mode::RegionRack));
    BOOST_TEST(!hasRegion(Mode::Rack));
    BOOST_TEST(hasRack(Mode::RegionRack));
    BOOST_TEST(!hasRack(Mode::None));
}

BOOST_AUTO_TEST_CASE(missing_file_is_none_and_bad_content_names_the_file) {
    TempRoot root;
    const auto paths = root.paths();
    BOOST_TEST((readMode(paths) == Mode::None));
    writeText(paths.mode_file, "region+rack\n");
    BOOST_TEST((readMode(paths) == Mode::RegionRack));
    writeText(paths.mode_file, "both\n");
    try {
        readMode(paths);
        BOOST_FAIL("a bad mode file was accepted");
    } catch (const SettingsError& e) {
        BOOST_TEST(e.file() == paths.mode_file.string());
        BOOST_TEST(std::string(e.what()).find("none, region, rack, region+rack") !=
                   std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(database_layout)

BOOST_AUTO_TEST_CASE(socket_dir_is_under_run_dir_and_marks_the_embedded_database) {
    TempRoot root;
    const auto paths = root.paths();
    BOOST_TEST(embeddedDatabaseSocketDir(paths) == paths.run_dir / "postgres");
    Settings regiond(regiondSchema());
    BOOST_TEST(!usesEmbeddedDatabase(regiond, paths));
    regiond.setFromString("database_host", embeddedDatabaseSocketDir(paths).string());
    BOOST_TEST(usesEmbeddedDatabase(regiond, paths));
}

BOOST_AUTO_TEST_CASE(postgres_bin_dir_defaults_configured_and_newest_in_the_snap) {
    Settings sup(supervisorSchema());
    BOOST_TEST(postgresBinDir(sup, MapEnvironment(Vars{})) == "/usr/lib/postgresql/15/bin");
    TempRoot snap;
    fs::create_directories(snap.dir / "usr/lib/postgresql/12/bin");
    fs::create_directories(snap.dir / "usr/lib/postgresql/14/bin");
    fs::create_directories(snap.dir / "usr/lib/postgresql/common");
    const MapEnvironment in_snap(Vars{{"SNAP", snap.dir}});
    BOOST_TEST(postgresBinDir(sup, in_snap) == snap.dir / "usr/lib/postgresql/14/bin");
    const MapEnvironment empty_snap(Vars{{"SNAP", (snap.dir / "none").string()}});
    BOOST_TEST(postgresBinDir(sup, empty_snap) == snap.dir / "none/usr/lib/postgresql/15/bin");
    sup.setFromString("postgres_bin_dir", "/opt/pg/bin");
    BOOST_TEST(postgresBinDir(sup, in_snap) == "/opt/pg/bin");
}

BOOST_AUTO_TEST_CASE(database_os_user_by_layout_unless_configured) {
    Settings sup(supervisorSchema());
    const auto debian = Paths::fromEnvironment(MapEnvironment(Vars{}));
    const auto snap = Paths::fromEnvironment(
        MapEnvironment(Vars{{"SNAP_COMMON", "/var/snap/maas/common"}, {"SNAP_DATA", "/d"}}));
    BOOST_TEST(databaseOsUser(sup, debian) == "postgres");
    BOOST_TEST(databaseOsUser(sup, snap) == "snap_daemon");
    sup.setFromString("database_os_user", "pgadmin");
    BOOST_TEST(databaseOsUser(sup, snap) == "pgadmin");
}

BOOST_AUTO_TEST_CASE(snap_prefix_only_inside_the_snap) {
    BOOST_TEST(snapPrefixed(MapEnvironment(Vars{}), "/usr/sbin") == "/usr/sbin");
    BOOST_TEST(snapPrefixed(MapEnvironment(Vars{{"SNAP", ""}}), "/usr/sbin") == "/usr/sbin");
    BOOST_TEST(snapPrefixed(MapEnvironment(Vars{{"SNAP", "/snap/maas/7"}}), "/usr/sbin") ==
               "/snap/maas/7/usr/sbin");
}

BOOST_AUTO_TEST_SUITE_END()
