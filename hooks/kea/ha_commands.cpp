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
             Element::create(s.partner_state ? std::string(stateName(*s.partner_state))
                                             : std::string("unknown")));
    out->set("role", Element::create(std::string(roleName(s.role))));
    out->set("link", Element::create(std::string(s.link_up ? "up" : "down")));
    out->set("backlog", number(s.backlog));
    out->set("backlog-overflowed", Element::create(s.backlog_overflowed));
    out->set("last-contact-ms-ago", Element::create(s.last_contact_ms_ago));
    out->set("clock-skew-ms", Element::create(s.clock_skew_ms));
    out->set("split", Element::create(s.split));
    ElementPtr detector = Element::createMap();
    detector->set("link-loss-after-ms", Element::create(s.link_loss_after_ms));
    detector->set("heartbeat-gap-mean-ms", Element::create(s.heartbeat_gap_mean_ms));
    detector->set("heartbeat-gap-stddev-ms", Element::create(s.heartbeat_gap_std_dev_ms));
    out->set("failure-detector", detector);
    ElementPtr witness = Element::createMap();
    witness->set("fence-time-ms", Element::create(static_cast<int64_t>(s.fence_time_ms)));
    witness->set("contact-ms-ago", Element::create(s.witness_contact_ms_ago));
    witness->set("valid", Element::create(s.witness_valid));
    witness->set("allocation", Element::create(std::string(allocationName(s.allocation))));
    witness->set("takeover-origin",
                 Element::create(std::string(takeoverOriginName(s.takeover_origin))));
    witness->set("takeover-in-ms", Element::create(s.takeover_in_ms));
    witness->set("holds-partner-leases", Element::create(s.holds_partner_leases));
    out->set("witness", witness);
    ElementPtr failover = Element::createMap();
    failover->set("ms-ago", Element::create(s.last_failover_ms_ago));
    failover->set("reason", Element::create(s.last_failover_reason));
    out->set("last-failover", failover);
    ElementPtr events = Element::createMap();
    events->set("buffered", number(s.lease_events.buffered));
    events->set("unacked", number(s.lease_events.unacked));
    events->set("sent", number(s.lease_events.sent));
    events->set("acked", number(s.lease_events.acked));
    events->set("resent", number(s.lease_events.resent));
    events->set("dropped", number(s.lease_events.dropped));
    events->set("datagrams", number(s.lease_events.datagrams));
    out->set("lease-events", events);
    const HaCounters& c = s.counters;
    ElementPtr counters = Element::createMap();
    counters->set("updates-sent", number(c.updates_sent));
    counters->set("updates-acked", number(c.updates_acked));
    counters->set("updates-failed", number(c.updates_failed));
    counters->set("updates-received", number(c.updates_received));
    counters->set("updates-apply-failed", number(c.updates_apply_failed));
    counters->set("sync-leases-pulled", number(c.sync_leases_pulled));
    counters->set("sync-leases-served", number(c.sync_leases_served));
    counters->set("sync-pulls-from-start", number(c.sync_pulls_from_start));
    counters->set("sync-pulls-resumed", number(c.sync_pulls_resumed));
    counters->set("sync-resumes-refused", number(c.sync_resumes_refused));
    counters->set("replies-parked", number(c.replies_parked));
    counters->set("replies-dropped", number(c.replies_dropped));
    counters->set("queries-not-ours", number(c.queries_dropped));
    counters->set("auth-failures", number(c.auth_failures));
    counters->set("link-losses", number(c.link_losses));
    const uint64_t released = c.replies_parked - c.replies_dropped;
    counters->set("ack-latency-avg-us",
                  number(released == 0 ? 0 : c.ack_latency_sum_us / released));
    counters->set("ack-latency-max-us", number(c.ack_latency_max_us));
    out->set("counters", counters);
    return out;
}

void publishStatistics(const HaStatus& s) {
    auto& stats = isc::stats::StatsMgr::instance();
    auto set = [&stats](const char* name, uint64_t value) {
        stats.setValue(std::string("maas-ha.") + name, static_cast<int64_t>(value));
    };
    const HaCounters& c = s.counters;
    set("updates-sent", c.updates_sent);
    set("updates-acked", c.updates_acked);
    set("updates-failed", c.updates_failed);
    set("updates-received", c.updates_received);
    set("replies-parked", c.replies_parked);
    set("replies-dropped", c.replies_dropped);
    set("backlog", s.backlog);
    set("auth-failures", c.auth_failures);
    set("link-losses", c.link_losses);
    const uint64_t released = c.replies_parked - c.replies_dropped;
    set("ack-latency-avg-us", released == 0 ? 0 : c.ack_latency_sum_us / released);
    set("ack-latency-max-us", c.ack_latency_max_us);
}

}  // namespace maas::hooks
