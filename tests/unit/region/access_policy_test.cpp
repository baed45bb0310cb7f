#include <boost/test/unit_test.hpp>

#include "maas/region/api/access_policy.h"
#include "maas/region/api/routes.h"

using namespace maas::region::api;

BOOST_AUTO_TEST_SUITE(access_policy)

BOOST_AUTO_TEST_CASE(every_authenticated_action_has_a_written_rule) {
    // A route added without a rule would be admin-only by default; this makes its author
    // decide, as MAAS decides per handler method.
    for (const auto& r : apiResources())
        for (const auto& a : r.actions)
            if (!r.anonymous)
                BOOST_TEST(accessRule(r.handler, a.name) != nullptr, r.handler << "." << a.name);
}

BOOST_AUTO_TEST_CASE(unwritten_actions_need_an_admin) {
    const auto rule = effectiveRule("NoSuchHandler", "read");
    BOOST_TEST((rule.access == Access::admin));
    BOOST_TEST(rule.denied == "This method is reserved for admin users.");
}

BOOST_AUTO_TEST_CASE(network_and_controller_changes_are_admin_only_with_maas_texts) {
    for (const auto* key :
         {"FabricHandler.update", "FabricHandler.delete", "VlansHandler.create",
          "VlanHandler.update", "VlanHandler.delete", "SubnetHandler.update",
          "SubnetHandler.delete", "MachineHandler.delete", "MachineHandler.power_parameters"}) {
        const std::string k(key);
        const auto dot = k.find('.');
        const auto rule = effectiveRule(k.substr(0, dot), k.substr(dot + 1));
        BOOST_TEST((rule.access == Access::admin), key);
        BOOST_TEST(rule.denied.empty(), key);  // MAAS: bare PermissionDenied
    }
    BOOST_TEST(effectiveRule("SubnetsHandler", "create").denied ==
               "User does not have permission to perform this operation. The user should have "
               "permission 'can_edit_global_entities'");
    BOOST_TEST(effectiveRule("RackControllerHandler", "delete").denied ==
               entitlementDenied("can_edit_controllers"));
    BOOST_TEST(effectiveRule("UsersHandler", "create").denied ==
               entitlementDenied("can_edit_identities"));
}

BOOST_AUTO_TEST_CASE(machines_follow_ownership) {
    const User alice{1, "alice", "", false};
    const User admin{2, "admin", "", true};
    BOOST_TEST(mayUseMachine(alice, std::nullopt));
    BOOST_TEST(mayUseMachine(alice, std::string("alice")));
    BOOST_TEST(!mayUseMachine(alice, std::string("bob")));
    BOOST_TEST(mayUseMachine(admin, std::string("bob")));
    BOOST_TEST((effectiveRule("MachineHandler", "power_on").access == Access::machine_edit));
    BOOST_TEST((effectiveRule("MachineHandler", "power_off").access == Access::machine_edit));
}

BOOST_AUTO_TEST_CASE(ranges_follow_their_creator) {
    const User alice{1, "alice", "", false};
    const User admin{2, "admin", "", true};
    BOOST_TEST(mayChangeRange(alice, std::string("alice")));
    BOOST_TEST(!mayChangeRange(alice, std::string("bob")));
    BOOST_TEST(!mayChangeRange(alice, std::nullopt));
    BOOST_TEST(mayChangeRange(admin, std::nullopt));
}

BOOST_AUTO_TEST_SUITE_END()
