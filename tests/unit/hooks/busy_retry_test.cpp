// A lease_cmds "ResourceBusy" refusal is tried again, a bounded number of times with doubling
// waits; any other error, and success, end the tries at once.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <vector>

#include "maas/hooks/busy_retry.h"

using namespace maas::hooks;

namespace {

const std::string kBusy = "lease4-update: ResourceBusy: IP address:192.0.2.5 could not be updated.";

struct Script {
    std::vector<std::string> answers;  ///< what each try returns; the last one repeats
    size_t tries = 0;
    std::vector<int64_t> waits;
    std::string run(BusyRetryLimits limits = {}) {
        return retryWhileBusy([&] { return answers[std::min(tries++, answers.size() - 1)]; },
                              [&](int64_t us) { waits.push_back(us); }, limits);
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(busy_refusal_is_recognised_and_nothing_else) {
    BOOST_TEST(isBusyRefusal(kBusy));
    BOOST_TEST(!isBusyRefusal(""));
    BOOST_TEST(!isBusyRefusal("lease4-update: no subnet for address 10.9.9.9"));
    BOOST_TEST(!isBusyRefusal("resourcebusy"));  // Kea's spelling only
}

BOOST_AUTO_TEST_CASE(busy_then_stored_is_stored_after_doubling_waits) {
    Script s{{kBusy, kBusy, kBusy, ""}};
    BOOST_TEST(s.run().empty());
    BOOST_TEST(s.tries == 4U);
    BOOST_TEST((s.waits == std::vector<int64_t>{100, 200, 400}));
}

BOOST_AUTO_TEST_CASE(always_busy_gives_up_after_the_bound_and_says_so) {
    Script s{{kBusy}};
    const std::string error = s.run();
    BOOST_TEST(s.tries == 8U);
    BOOST_TEST(s.waits.size() == 7U);
    BOOST_TEST(s.waits.back() == 6400);
    BOOST_TEST(error.find("ResourceBusy") != std::string::npos);
    BOOST_TEST(error.find("still busy after 8 tries") != std::string::npos);

    Script once{{kBusy}};
    once.run(BusyRetryLimits{1, 100});
    BOOST_TEST(once.tries == 1U);
    BOOST_TEST(once.waits.empty());
}

BOOST_AUTO_TEST_CASE(other_errors_and_success_are_not_retried) {
    Script ok{{""}};
    BOOST_TEST(ok.run().empty());
    BOOST_TEST(ok.tries == 1U);
    Script bad{{"lease4-update: invalid lease", ""}};
    BOOST_TEST(bad.run() == "lease4-update: invalid lease");
    BOOST_TEST(bad.tries == 1U);
    BOOST_TEST(bad.waits.empty());
    Script busyThenBad{{kBusy, "lease4-update: invalid lease"}};
    BOOST_TEST(busyThenBad.run() == "lease4-update: invalid lease");
    BOOST_TEST(busyThenBad.tries == 2U);
}
