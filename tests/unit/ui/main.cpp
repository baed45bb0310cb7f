#define BOOST_TEST_MODULE ui
#include <boost/test/unit_test.hpp>
