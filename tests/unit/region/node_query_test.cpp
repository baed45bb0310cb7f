#include <boost/test/unit_test.hpp>

#include "maas/region/api/node_filter.h"

using namespace maas::region;

namespace {

http::FormParams form(std::initializer_list<std::pair<const char*, const char*>> items) {
    http::FormParams p;
    for (const auto& [k, v] : items)
        p.add(k, v);
    return p;
}

const api::User kAdmin{1, "admin", "", true};
const api::User kBob{2, "bob", "", false};

}  // namespace

BOOST_AUTO_TEST_SUITE(node_query)

BOOST_AUTO_TEST_CASE(maas_filters_become_sql_parameters) {
    api::FieldErrors errors;
    const auto q = api::machineQuery(form({{"hostname", "a\"b"},
                                           {"hostname", "c\\d"},
                                           {"id", "xyz"},
                                           {"status", "deployed"},
                                           {"status", "failed_testing"}}),
                                     kAdmin, errors);
    BOOST_TEST(errors.empty());
    BOOST_TEST((q.statuses == std::vector<int>{6, 22}));
    BOOST_TEST(!q.visible_to);
    const auto sql = store::nodeFilterSql(q);
    BOOST_TEST(sql.where ==
               "WHERE n.node_type = ANY($1::smallint[]) AND n.hostname = ANY($2::text[]) AND "
               "n.system_id = ANY($3::text[]) AND n.status = ANY($4::int[])");
    BOOST_REQUIRE(sql.params.size() == 4u);
    BOOST_TEST(*sql.params[0] == "{0}");
    BOOST_TEST(*sql.params[1] == R"({"a\"b","c\\d"})");
    BOOST_TEST(*sql.params[3] == "{6,22}");
    BOOST_TEST(sql.order_and_slice == "ORDER BY n.hostname, n.hostname");
}

BOOST_AUTO_TEST_CASE(paging_extension) {
    api::FieldErrors errors;
    const auto q = api::machineQuery(
        form({{"sort", "-memory"}, {"q", "50%_x"}, {"offset", "20"}, {"limit", "10"}}), kBob,
        errors);
    BOOST_TEST(errors.empty());
    const auto sql = store::nodeFilterSql(q);
    BOOST_TEST(sql.where.find("n.hostname ILIKE $2") != std::string::npos);
    BOOST_TEST(*sql.params[1] == "%50\\%\\_x%");
    BOOST_TEST(sql.where.find("u.username = $3") != std::string::npos);
    BOOST_TEST(*sql.params[2] == "bob");
    BOOST_TEST(sql.order_and_slice == "ORDER BY n.memory DESC, n.hostname DESC LIMIT 10 OFFSET 20");
    // The list statement takes the slice as parameters, so one shape serves every page.
    BOOST_TEST(sql.order_by == "ORDER BY n.memory DESC, n.hostname DESC");
}

BOOST_AUTO_TEST_CASE(bad_values_are_refused_by_name) {
    api::FieldErrors errors;
    api::machineQuery(form({{"status", "sleeping"},
                            {"sort", "password"},
                            {"offset", "-1"},
                            {"limit", "0"},
                            {"q", std::string(300, 'x').c_str()}}),
                      kAdmin, errors);
    for (const char* field : {"status", "sort", "offset", "limit", "q"})
        BOOST_TEST(errors.fields().count(field) == 1u, field);
    api::FieldErrors more;
    api::machineQuery(form({{"limit", "10001"}, {"offset", "1e3"}, {"sort", "-"}}), kAdmin, more);
    for (const char* field : {"limit", "offset", "sort"})
        BOOST_TEST(more.fields().count(field) == 1u, field);
}

BOOST_AUTO_TEST_CASE(power_filters) {
    api::FieldErrors errors;
    auto q = api::machineQuery(form({{"power_state", "on"},
                                     {"power_state", "error"},
                                     {"power_type", "webhook"},
                                     {"power_rack", "rack-a"}}),
                               kAdmin, errors);
    BOOST_TEST(errors.empty());
    BOOST_TEST((q.power_states == std::vector<std::string>{"on", "error"}));
    BOOST_TEST(*q.power_rack == "rack-a");
    q.managed_ids = std::vector<std::string>{"m1", "m2"};
    const auto sql = store::nodeFilterSql(q);
    BOOST_TEST(sql.where ==
               "WHERE n.node_type = ANY($1::smallint[]) AND n.power_state = ANY($2::text[]) AND "
               "n.power_type = ANY($3::text[]) AND n.system_id = ANY($4::text[])");
    BOOST_TEST(*sql.params[1] == R"({"on","error"})");
    BOOST_TEST(*sql.params[3] == R"({"m1","m2"})");
    api::FieldErrors none;
    BOOST_TEST(!api::machineQuery(form({{"power_rack", ""}}), kAdmin, none).power_rack);
}

BOOST_AUTO_TEST_CASE(bad_power_filters_are_refused_by_name) {
    api::FieldErrors errors;
    api::machineQuery(form({{"power_state", "ON"},
                            {"power_type", "ipmi'; DROP TABLE nodes; --"},
                            {"power_rack", std::string(300, 'r').c_str()}}),
                      kAdmin, errors);
    for (const char* field : {"power_state", "power_type", "power_rack"})
        BOOST_TEST(errors.fields().count(field) == 1u, field);
    api::FieldErrors long_value;
    api::machineQuery(form({{"power_type", std::string(5000, 'x').c_str()}}), kAdmin, long_value);
    BOOST_TEST(long_value.fields().at("power_type").front().size() < 200u);
}

BOOST_AUTO_TEST_CASE(status_names) {
    BOOST_TEST(*api::machineStatusByName("new") == 0);
    BOOST_TEST(*api::machineStatusByName("ready") == 4);
    BOOST_TEST(!api::machineStatusByName("Ready"));
    BOOST_TEST(!api::machineStatusByName(""));
}

BOOST_AUTO_TEST_SUITE_END()
