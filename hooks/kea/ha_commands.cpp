#include "ha_commands.h"

#include <stats/stats_mgr.h>

namespace maas::hooks {

using isc::data::Element;
using isc::data::ElementPtr;

namespace {
ElementPtr number(uint64_t v) {
    return Element::create(static_cast<int64_t>(v));
}
}  // namespace

ElementPtr statusToElement(const HaStatus& s) {
    ElementPtr out = Element::createMap();
    out->set("state", Element::create(std::string(stateName(s.state))));
    out->set("partner-state",
             Element::create(s.partnerState ? std::string(stateName(*s.partnerState))
                                            : std::string("unknown")));
    out->set("role", Element::create(std::string(roleName(s.role))));
    out->set("link", Element::create(std::string(s.linkUp ? "up" : "down")));
    out->set("backlog", number(s.backlog));
    out->set("backlog-overflowed", Element::create(s.backlogOverflowed));
    out->set("last-contact-ms-ago", Element::create(s.lastContactMsAgo));
    out->set("clock-skew-ms", Element::create(s.clockSkewMs));
    out->set("split", Element::create(s.split));
    ElementPtr detector = Element::createMap();
    detector->set("link-loss-after-ms", Element::create(s.linkLossAfterMs));
    detector->set("heartbeat-gap-mean-ms", Element::create(s.heartbeatGapMeanMs));
    detector->set("heartbeat-gap-stddev-ms", Element::create(s.heartbeatGapStdDevMs));
    out->set("failure-detector", detector);
    ElementPtr witness = Element::createMap();
    witness->set("fence-time-ms", Element::create(static_cast<int64_t>(s.fenceTimeMs)));
    witness->set("contact-ms-ago", Element::create(s.witnessContactMsAgo));
    witness->set("valid", Element::create(s.witnessValid));
    witness->set("allocation", Element::create(std::string(allocationName(s.allocation))));
    witness->set("takeover-origin",
                 Element::create(std::string(takeoverOriginName(s.takeoverOrigin))));
    witness->set("takeover-in-ms", Element::create(s.takeoverInMs));
    witness->set("holds-partner-leases", Element::create(s.holdsPartnerLeases));
    out->set("witness", witness);
    ElementPtr failover = Element::createMap();
    failover->set("ms-ago", Element::create(s.lastFailoverMsAgo));
    failover->set("reason", Element::create(s.lastFailoverReason));
    out->set("last-failover", failover);
    const HaCounters& c = s.counters;
    ElementPtr counters = Element::createMap();
    counters->set("updates-sent", number(c.updatesSent));
    counters->set("updates-acked", number(c.updatesAcked));
    counters->set("updates-failed", number(c.updatesFailed));
    counters->set("updates-received", number(c.updatesReceived));
    counters->set("updates-apply-failed", number(c.updatesApplyFailed));
    counters->set("sync-leases-pulled", number(c.syncLeasesPulled));
    counters->set("sync-leases-served", number(c.syncLeasesServed));
    counters->set("sync-pulls-from-start", number(c.syncPullsFromStart));
    counters->set("sync-pulls-resumed", number(c.syncPullsResumed));
    counters->set("sync-resumes-refused", number(c.syncResumesRefused));
    counters->set("replies-parked", number(c.repliesParked));
    counters->set("replies-dropped", number(c.repliesDropped));
    counters->set("queries-not-ours", number(c.queriesDropped));
    counters->set("auth-failures", number(c.authFailures));
    counters->set("link-losses", number(c.linkLosses));
    const uint64_t released = c.repliesParked - c.repliesDropped;
    counters->set("ack-latency-avg-us", number(released == 0 ? 0 : c.ackLatencySumUs / released));
    counters->set("ack-latency-max-us", number(c.ackLatencyMaxUs));
    out->set("counters", counters);
    return out;
}

void publishStatistics(const HaStatus& s) {
    auto& stats = isc::stats::StatsMgr::instance();
    auto set = [&stats](const char* name, uint64_t value) {
        stats.setValue(std::string("maas-ha.") + name, static_cast<int64_t>(value));
    };
    const HaCounters& c = s.counters;
    set("updates-sent", c.updatesSent);
    set("updates-acked", c.updatesAcked);
    set("updates-failed", c.updatesFailed);
    set("updates-received", c.updatesReceived);
    set("replies-parked", c.repliesParked);
    set("replies-dropped", c.repliesDropped);
    set("backlog", s.backlog);
    set("auth-failures", c.authFailures);
    set("link-losses", c.linkLosses);
    const uint64_t released = c.repliesParked - c.repliesDropped;
    set("ack-latency-avg-us", released == 0 ? 0 : c.ackLatencySumUs / released);
    set("ack-latency-max-us", c.ackLatencyMaxUs);
}

}  // namespace maas::hooks
