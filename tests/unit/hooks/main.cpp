#define BOOST_TEST_MODULE hook_unit_tests
#include <boost/test/unit_test.hpp>
