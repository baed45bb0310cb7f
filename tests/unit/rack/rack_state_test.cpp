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

BOOST_AUTO_TEST_CASE(identity_store_and_wipe) {
    const auto dir = std::filesystem::temp_directory_path() / ("rack-id-" + toHex(randomBytes(6)));
    const auto paths = Paths::fromEnvironment(MapEnvironment({{"MAAS_ROOT", dir.string()}}));
    paths.createDirectories();
    Secret::generate().writeFile(paths.secret);
    RackIdentity identity(paths);
    BOOST_TEST(identity.systemId().empty());
    identity.store("abc123", "uuid-1");
    BOOST_TEST(RackIdentity(paths).systemId() == "abc123");
    BOOST_TEST(RackIdentity(paths).maasUuid() == "uuid-1");
    identity.wipe();
    BOOST_TEST(!std::filesystem::exists(paths.secret));
    BOOST_TEST(RackIdentity(paths).systemId().empty());
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
