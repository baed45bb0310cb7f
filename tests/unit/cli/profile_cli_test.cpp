#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <sstream>

#include "maas/cli/profile/commands.h"
#include "maas/cli/profile/profile_cli.h"
#include "maas/region/api/describe.h"
#include "maas/region/api/routes.h"

using namespace maas::cli::profile;

namespace {

std::string ourDescribe() {
    return maas::region::api::describeDocument(maas::region::api::apiResources(),
                                               "http://10.0.0.1:5240");
}

const CliResource& find(const std::vector<CliResource>& rs, const std::string& name) {
    for (const auto& r : rs)
        if (r.name == name)
            return r;
    throw std::runtime_error("no " + name);
}

const CliAction& action(const CliResource& r, const std::string& name) {
    for (const auto& a : r.actions)
        if (a.name == name)
            return a;
    throw std::runtime_error("no " + name);
}

/// Answers from a script and records what was sent.
class ScriptedHttp final : public HttpClient {
  public:
    std::vector<HttpResponse> replies;
    std::vector<CliRequest> sent;
    std::vector<std::string> auth;
    HttpResponse send(const CliRequest& request, const std::string& authorization) override {
        sent.push_back(request);
        auth.push_back(authorization);
        auto r = replies.front();
        replies.erase(replies.begin());
        return r;
    }
};

struct TempFile {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() /
        ("maascli-test-" + std::to_string(::getpid()) + "-" + std::to_string(rand()) + ".json");
    ~TempFile() { std::filesystem::remove(path); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_profile)

BOOST_AUTO_TEST_CASE(command_names_as_the_maas_cli) {
    BOOST_TEST(commandName("RackControllersHandler") == "rack-controllers");
    BOOST_TEST(commandName("RackControllerHandler") == "rack-controller");
    BOOST_TEST(commandName("IPRangesHandler") == "ipranges");
    BOOST_TEST(commandName("AnonMachinesHandler") == "machines");
    BOOST_TEST(commandName("VlanHandler") == "vlan");
}

BOOST_AUTO_TEST_CASE(resources_from_our_describe) {
    const auto rs = resourcesFromDescribe(ourDescribe(), true);
    const auto& vlan = find(rs, "vlan");
    BOOST_TEST(vlan.params.size() == 2u);
    BOOST_TEST(vlan.uri == "http://10.0.0.1:5240/MAAS/api/2.0/fabrics/{fabric_id}/vlans/{vid}/");
    BOOST_TEST(action(find(rs, "machine"), "power-parameters").op.value() == "power_parameters");
    BOOST_TEST(action(find(rs, "users"), "whoami").method == "GET");
    BOOST_CHECK_THROW(resourcesFromDescribe("{", true), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(requests_from_arguments) {
    const auto rs = resourcesFromDescribe(ourDescribe(), true);
    const auto& vlan = find(rs, "vlan");
    auto r =
        buildRequest(vlan, action(vlan, "update"), {"1", "10", "dhcp_on=true", "name=a b"}, "B");
    BOOST_TEST(r.method == "PUT");
    BOOST_TEST(r.url == "http://10.0.0.1:5240/MAAS/api/2.0/fabrics/1/vlans/10/");
    BOOST_TEST(r.content_type == "multipart/form-data; boundary=B");
    BOOST_TEST(r.body ==
               "--B\r\nContent-Disposition: form-data; name=\"dhcp_on\"\r\n\r\ntrue\r\n"
               "--B\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\na b\r\n--B--\r\n");
    const auto& machine = find(rs, "machine");
    r = buildRequest(machine, action(machine, "power-parameters"), {"abc"}, "B");
    BOOST_TEST(r.url == "http://10.0.0.1:5240/MAAS/api/2.0/machines/abc/?op=power_parameters");
    const auto& subnets = find(rs, "subnets");
    r = buildRequest(subnets, action(subnets, "read"), {"x=1 2"}, "B");
    BOOST_TEST(r.url == "http://10.0.0.1:5240/MAAS/api/2.0/subnets/?x=1%202");
    BOOST_CHECK_THROW(buildRequest(vlan, action(vlan, "read"), {"1"}, "B"), std::invalid_argument);
    BOOST_CHECK_THROW(buildRequest(subnets, action(subnets, "read"), {"novalue"}, "B"),
                      std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(pretty_json_one_value_per_line) {
    BOOST_TEST(prettyJson(R"([{"hostname":"r1","b":[],"a":{"x":1}}])") ==
               "[\n    {\n        \"a\": {\n            \"x\": 1\n        },\n        \"b\": [],\n"
               "        \"hostname\": \"r1\"\n    }\n]");
    BOOST_TEST(prettyJson("not json") == "not json");
    BOOST_TEST(apiUrl("http://h:5240/MAAS") == "http://h:5240/MAAS/api/2.0/");
    BOOST_TEST(apiUrl("http://h:5240/MAAS/api/2.0/") == "http://h:5240/MAAS/api/2.0/");
}

BOOST_AUTO_TEST_CASE(login_checks_whoami_and_caches_describe) {
    TempFile file;
    ProfileStore store(file.path);
    ScriptedHttp http;
    std::istringstream in;
    std::ostringstream out, err;
    ProfileCli cli(store, http, in, out, err);
    http.replies = {{401, "Unauthorized", "text/plain", "Authorization Error: Invalid API key."}};
    BOOST_TEST(cli.run({"login", "admin", "http://h:5240/MAAS", "a:b:c"}) == 2);
    BOOST_TEST(err.str() == "The MAAS server rejected your API key.\n");
    BOOST_TEST(store.load().empty());

    http.replies = {{200, "OK", "application/json", "{}"},
                    {200, "OK", "application/json", ourDescribe()}};
    BOOST_TEST(cli.run({"login", "admin", "http://h:5240/MAAS", "a:b:c"}) == 0);
    BOOST_TEST(http.sent.back().url == "http://h:5240/MAAS/api/2.0/describe/");
    BOOST_TEST(http.auth.back().starts_with("OAuth "));
    BOOST_TEST(store.load().at("admin").credentials == "a:b:c");
    const auto perms =
        std::filesystem::status(file.path).permissions() & std::filesystem::perms::all;
    BOOST_TEST(static_cast<int>(perms) == 0600);
    BOOST_TEST(cli.handles("admin"));

    http.replies = {{404, "Not Found", "text/plain", "No Fabric matches the given query."}};
    out.str("");
    BOOST_TEST(cli.run({"admin", "fabric", "read", "9"}) == 2);
    BOOST_TEST(out.str() == "No Fabric matches the given query.\n");

    BOOST_TEST(cli.run({"logout", "admin"}) == 0);
    BOOST_TEST(!cli.handles("admin"));
    BOOST_TEST(cli.run({"logout", "admin"}) == 2);
}

BOOST_AUTO_TEST_SUITE_END()
