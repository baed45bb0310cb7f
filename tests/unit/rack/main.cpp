#define BOOST_TEST_MODULE rack
#include <boost/test/unit_test.hpp>
