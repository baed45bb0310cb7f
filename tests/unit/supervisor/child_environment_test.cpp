#include <boost/test/unit_test.hpp>

#include "maas/supervisor/posix_process_control.h"

using namespace maas::supervisor;

BOOST_AUTO_TEST_SUITE(child_environment)

BOOST_AUTO_TEST_CASE(children_get_only_paths_locale_library_path_maas_and_snap_variables) {
    std::vector<std::string> entries{"PATH=/bin",         "HOME=/root",
                                     "MAAS_ROOT=/r",      "SNAP_COMMON=/c",
                                     "SNAP=/snap/maas/1", "LC_ALL=C",
                                     "AWS_SECRET=nope",   "MAAS_READY_FD=9",
                                     "NOEQUALS",          "LD_LIBRARY_PATH=/snap/maas/1/usr/lib"};
    std::vector<char*> raw;
    for (auto& e : entries) {
        raw.push_back(e.data());
    }
    raw.push_back(nullptr);
    const auto env = childEnvironment(raw.data());
    const std::map<std::string, std::string> expected{
        {"PATH", "/bin"},         {"MAAS_ROOT", "/r"}, {"SNAP_COMMON", "/c"},
        {"SNAP", "/snap/maas/1"}, {"LC_ALL", "C"},     {"LD_LIBRARY_PATH", "/snap/maas/1/usr/lib"}};
    BOOST_TEST((env == expected));
}

BOOST_AUTO_TEST_CASE(a_default_path_when_none_is_set) {
    char* none[] = {nullptr};
    BOOST_TEST(childEnvironment(none).at("PATH") == "/usr/sbin:/usr/bin:/sbin:/bin");
}

BOOST_AUTO_TEST_SUITE_END()
