#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "maas/common/secret.h"
#include "maas/rack/rack_state.h"

using namespace maas;
using namespace maas::rack;

BOOST_AUTO_TEST_SUITE(rack_state)

BOOST_AUTO_TEST_CASE(known_endpoints_round_trip_and_survive_damage) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("rack-state-" + toHex(randomBytes(6)));
    const std::set<Endpoint> endpoints{{"127.0.0.2", 5250}, {"127.0.0.3", 5251}};
    saveKnownEndpoints(dir, endpoints);
    BOOST_TEST((loadKnownEndpoints(dir) == endpoints));
    { std::ofstream(dir / "rpc.state") << "{broken"; }
    BOOST_TEST(loadKnownEndpoints(dir).empty());
    BOOST_TEST(loadKnownEndpoints(dir / "missing").empty());
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(identity_store_and_forget_keep_the_region_files) {
    const auto dir = std::filesystem::temp_directory_path() / ("rack-id-" + toHex(randomBytes(6)));
    const auto paths = Paths::fromEnvironment(MapEnvironment({{"MAAS_ROOT", dir.string()}}));
    paths.createDirectories();
    const auto secret = Secret::generate();
    secret.writeFile(paths.secret);
    RackIdentity identity(paths);
    BOOST_TEST(identity.systemId().empty());
    identity.store("abc123", "uuid-1");
    BOOST_TEST(RackIdentity(paths).systemId() == "abc123");
    BOOST_TEST(RackIdentity(paths).maasUuid() == "uuid-1");
    BOOST_TEST(!std::filesystem::exists(paths.maas_id));  // the region's, never the rack's
    // The region on this host writes its own files; the rack never reads or removes them.
    { std::ofstream(paths.maas_id) << "region1\n"; }
    { std::ofstream(paths.maas_uuid) << "uuid-1\n"; }
    identity.forgetSystemId();
    BOOST_TEST(Secret::readFile(paths.secret).hex() == secret.hex());
    BOOST_TEST(RackIdentity(paths).systemId().empty());
    BOOST_TEST(RackIdentity(paths).maasUuid() == "uuid-1");
    BOOST_TEST(readTrimmed(paths.maas_id) == "region1");
    BOOST_TEST(readTrimmed(paths.maas_uuid) == "uuid-1");
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(identity_of_an_older_installation_is_copied_once) {
    const auto dir = std::filesystem::temp_directory_path() / ("rack-id-" + toHex(randomBytes(6)));
    const auto paths = Paths::fromEnvironment(MapEnvironment({{"MAAS_ROOT", dir.string()}}));
    paths.createDirectories();
    { std::ofstream(paths.maas_id) << "old123\n"; }
    { std::ofstream(paths.maas_uuid) << "uuid-9\n"; }
    RackIdentity identity(paths);
    BOOST_TEST(identity.systemId() == "old123");
    BOOST_TEST(identity.maasUuid() == "uuid-9");
    identity.forgetSystemId();
    // Deleted: the legacy file is still there but must not bring the id back.
    BOOST_TEST(RackIdentity(paths).systemId().empty());
    BOOST_TEST(readTrimmed(paths.maas_id) == "old123");
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
