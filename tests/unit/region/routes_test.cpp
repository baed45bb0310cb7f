#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "maas/region/api/describe.h"
#include "maas/region/api/routes.h"

using namespace maas::region::api;

BOOST_AUTO_TEST_SUITE(routes)

BOOST_AUTO_TEST_CASE(matches_paths_with_parameters) {
    const auto& t = apiResources();
    auto m = matchRoute(t, "/MAAS/api/2.0/fabrics/3/vlans/10/");
    BOOST_REQUIRE(m);
    BOOST_TEST(m->resource->handler == "VlanHandler");
    BOOST_TEST(m->params.at("fabric_id") == "3");
    BOOST_TEST(m->params.at("vid") == "10");
    BOOST_TEST(matchRoute(t, "/MAAS/api/2.0/fabrics/")->resource->handler == "FabricsHandler");
    BOOST_TEST(!matchRoute(t, "/MAAS/api/2.0/fabrics/3/vlans/10"));
    BOOST_TEST(!matchRoute(t, "/MAAS/api/2.0/fabrics//"));
    BOOST_TEST(!matchRoute(t, "/MAAS/api/2.0/nothing/"));
}

BOOST_AUTO_TEST_CASE(chooses_actions_like_maas) {
    const auto& users = *matchRoute(apiResources(), "/MAAS/api/2.0/users/")->resource;
    BOOST_TEST(chooseAction(users, "GET", std::nullopt).action->name == "read");
    BOOST_TEST(chooseAction(users, "GET", std::string("whoami")).action->name == "whoami");
    const auto bad = chooseAction(users, "GET", std::string("bogus"));
    BOOST_TEST(bad.status == 400);
    BOOST_TEST(bad.error == "Unrecognised signature: method=GET op=bogus");
    BOOST_TEST(chooseAction(users, "DELETE", std::nullopt).status == 405);
}

BOOST_AUTO_TEST_CASE(every_action_has_a_unique_name_per_handler) {
    for (const auto& r : apiResources()) {
        std::set<std::string> names;
        for (const auto& a : r.actions)
            BOOST_TEST(names.insert(a.name).second, r.handler << "." << a.name);
    }
}

BOOST_AUTO_TEST_CASE(describe_document_shape) {
    const auto text = describeDocument(apiResources(), "http://10.0.0.1:5240");
    const auto doc = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(doc->getValue<std::string>("hash") == apiHash(apiResources()));
    const auto handlers = doc->getArray("handlers");
    bool found = false;
    for (size_t i = 0; i < handlers->size(); ++i) {
        const auto h = handlers->getObject(static_cast<unsigned>(i));
        BOOST_TEST(h->getValue<std::string>("name") != "DescribeHandler");
        if (h->getValue<std::string>("name") != "VlanHandler")
            continue;
        found = true;
        BOOST_TEST(h->getValue<std::string>("uri") ==
                   "http://10.0.0.1:5240/MAAS/api/2.0/fabrics/{fabric_id}/vlans/{vid}/");
        BOOST_TEST(h->getArray("params")->size() == 2u);
        const auto action = h->getArray("actions")->getObject(0);
        BOOST_TEST(action->getValue<bool>("restful"));
        BOOST_TEST(action->get("op").isEmpty());
    }
    BOOST_TEST(found);
    const auto resources = doc->getArray("resources");
    BOOST_TEST(resources->size() == handlers->size());
}

BOOST_AUTO_TEST_SUITE_END()
