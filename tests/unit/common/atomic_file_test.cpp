#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "maas/common/atomic_file.h"
#include "maas/common/secret.h"

using namespace maas;

BOOST_AUTO_TEST_SUITE(atomic_file)

BOOST_AUTO_TEST_CASE(replaces_content_and_sets_mode) {
    auto dir = std::filesystem::temp_directory_path() / ("atomic-" + toHex(randomBytes(4)));
    auto path = dir / "sub" / "file.conf";
    writeFileAtomically(path, "one\n", FileMode::Public);
    writeFileAtomically(path, "two\n", FileMode::Config);
    BOOST_TEST(*readFileIfExists(path) == "two\n");
    struct stat st {};
    BOOST_REQUIRE(::stat(path.c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0640u);
    // No temporary files are left behind.
    int entries = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir / "sub")) {
        ++entries;
    }
    BOOST_TEST(entries == 1);
    BOOST_TEST(!readFileIfExists(dir / "missing").has_value());
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(config_keeps_the_group_of_the_file_it_replaces) {
    // The package creates regiond.conf root:maas; local_config_set rewrites it (possibly under a
    // MAAS_ROOT whose maas group this host does not know).
    auto dir = std::filesystem::temp_directory_path() / ("atomic-" + toHex(randomBytes(4)));
    auto path = dir / "regiond.conf";
    writeFileAtomically(path, "one\n", FileMode::Config);
    const gid_t group = ::geteuid() == 0 ? 4242 : ::getegid();  // any group when root
    BOOST_REQUIRE(::chown(path.c_str(), static_cast<uid_t>(-1), group) == 0);
    writeFileAtomically(path, "two\n", FileMode::Config);
    struct stat st {};
    BOOST_REQUIRE(::stat(path.c_str(), &st) == 0);
    BOOST_TEST(st.st_gid == group);
    BOOST_TEST((st.st_mode & 0777) == 0640u);
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
