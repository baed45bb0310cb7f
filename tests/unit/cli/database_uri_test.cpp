#include <boost/test/unit_test.hpp>

#include "maas/cli/database_uri.h"
#include "maas/common/command.h"

using namespace maas;
using namespace maas::cli;

namespace {

std::string errorOf(const std::string& uri) {
    try {
        parseDatabaseUri(uri);
    } catch (const UsageError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(database_uri)

BOOST_AUTO_TEST_CASE(full_uri) {
    const auto db = parseDatabaseUri("postgresql://maas:s%40cret@db.example.com:6432/maasdb");
    BOOST_TEST(db.user == "maas");
    BOOST_TEST(db.password == "s@cret");
    BOOST_TEST(db.host == "db.example.com");
    BOOST_TEST(db.port == 6432);
    BOOST_TEST(db.name == "maasdb");
}

BOOST_AUTO_TEST_CASE(multi_host_and_defaults) {
    const auto db = parseDatabaseUri("postgres://u@10.0.0.1,10.0.0.2:5433/x");
    BOOST_TEST(db.host == "10.0.0.1,10.0.0.2");
    BOOST_TEST(db.port == 5433);
    BOOST_TEST(db.password == "");
    BOOST_TEST(parseDatabaseUri("postgresql://u:p@h/d").port == 5432);
    BOOST_TEST(parseDatabaseUri("postgresql://u:p@[::1]:5432/d").host == "::1");
}

BOOST_AUTO_TEST_CASE(rejections_name_the_option_and_problem) {
    BOOST_TEST(errorOf("mysql://u@h/d") ==
               "--database-uri: must look like "
               "postgresql://user:password@host[,host2][:port]/dbname.");
    BOOST_TEST(errorOf("postgresql://h/d") ==
               "--database-uri: needs a user (user[:password]@host).");
    BOOST_TEST(errorOf("postgresql://u@h") == "--database-uri: needs a database name (/dbname).");
    BOOST_TEST(errorOf("postgresql://u@h:99999/d") ==
               "--database-uri: port must be a number from 1 to 65535.");
    BOOST_TEST(errorOf("postgresql://u@a:1,b:2/d") ==
               "--database-uri: all hosts must use the same port.");
    BOOST_TEST(errorOf("postgresql://u@/d") == "--database-uri: host must not be empty.");
    BOOST_TEST(errorOf("postgresql://u@h/d?sslmode=require") ==
               "--database-uri: query parameters are not supported.");
    BOOST_TEST(errorOf("postgresql://u@h o/d") ==
               "--database-uri: host 'h o' has an invalid character.");
    BOOST_TEST(errorOf("postgresql://u:%zz@h/d") ==
               "--database-uri: bad percent-escape in the password.");
    BOOST_TEST(errorOf("postgresql://u@::1/d") ==
               "--database-uri: IPv6 addresses must be written in brackets.");
}

BOOST_AUTO_TEST_SUITE_END()
