#include <boost/test/unit_test.hpp>

#include <vector>

#include "maas/rack/region_link.h"

using maas::rack::RegionLink;
using Phase = RegionLink::Phase;
using Step = RegionLink::Step;

namespace {

const Phase kPhases[] = {Phase::Connecting, Phase::Handshaking, Phase::Registering, Phase::Serving,
                         Phase::Finished};
const Step kSteps[] = {Step::Advance, Step::Stay, Step::Finish};

}  // namespace

BOOST_AUTO_TEST_SUITE(region_link_table)

// Properties of the table rather than a copy of it: a wrong cell breaks one of these.
BOOST_AUTO_TEST_CASE(every_phase_that_finishes_is_finished_and_every_stay_stays) {
    for (const auto phase : kPhases) {
        BOOST_TEST((RegionLink::nextPhase(phase, Step::Finish) == Phase::Finished));
        if (phase != Phase::Finished) {
            BOOST_TEST((RegionLink::nextPhase(phase, Step::Stay) == phase));
        }
    }
}

BOOST_AUTO_TEST_CASE(advancing_walks_the_phases_in_order_and_never_back) {
    // From Connecting, Advance alone reaches Serving through each phase once, then ends.
    std::vector<Phase> walk{Phase::Connecting};
    while (walk.back() != Phase::Finished && walk.size() < 10) {
        walk.push_back(RegionLink::nextPhase(walk.back(), Step::Advance));
    }
    const std::vector<Phase> expected{Phase::Connecting, Phase::Handshaking, Phase::Registering,
                                      Phase::Serving, Phase::Finished};
    BOOST_TEST((walk == expected));
    for (const auto phase : kPhases) {
        for (const auto step : kSteps) {
            BOOST_TEST(static_cast<int>(RegionLink::nextPhase(phase, step)) >=
                       static_cast<int>(phase));
        }
    }
}

BOOST_AUTO_TEST_CASE(finished_is_final) {
    for (const auto step : kSteps) {
        BOOST_TEST((RegionLink::nextPhase(Phase::Finished, step) == Phase::Finished));
    }
}

BOOST_AUTO_TEST_SUITE_END()
