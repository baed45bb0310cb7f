#include "maas/region/http/metrics.h"

#include <sstream>

namespace maas::region::http {

void Metrics::observe(const std::string& handler, int status, double seconds) {
    std::lock_guard lock(mutex_);
    auto& s = series_[{handler, status}];
    ++s.count;
    s.sum += seconds;
    for (size_t i = 0; i < kBuckets.size(); ++i)
        if (seconds <= kBuckets[i])
            ++s.buckets[i];
}

void Metrics::addGauge(std::string name, std::string help, std::function<double()> read) {
    std::lock_guard lock(mutex_);
    gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

void Metrics::addCounter(std::string name, std::string help, std::function<double()> read) {
    std::lock_guard lock(mutex_);
    gauges_.push_back({std::move(name), std::move(help), std::move(read), "counter"});
}

void Metrics::addCollector(std::function<std::string()> render) {
    std::lock_guard lock(mutex_);
    collectors_.push_back(std::move(render));
}

std::string Metrics::render() const {
    std::lock_guard lock(mutex_);
    std::ostringstream out;
    out << "# HELP maas_http_requests_total HTTP requests by handler and status.\n"
        << "# TYPE maas_http_requests_total counter\n";
    for (const auto& [key, s] : series_)
        out << "maas_http_requests_total{handler=\"" << key.first << "\",status=\"" << key.second
            << "\"} " << s.count << "\n";
    out << "# HELP maas_http_request_duration_seconds Request latency by handler and status.\n"
        << "# TYPE maas_http_request_duration_seconds histogram\n";
    for (const auto& [key, s] : series_) {
        const std::string labels =
            "handler=\"" + key.first + "\",status=\"" + std::to_string(key.second) + "\"";
        for (size_t i = 0; i < kBuckets.size(); ++i)
            out << "maas_http_request_duration_seconds_bucket{" << labels << ",le=\"" << kBuckets[i]
                << "\"} " << s.buckets[i] << "\n";
        out << "maas_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} " << s.count
            << "\n";
        out << "maas_http_request_duration_seconds_sum{" << labels << "} " << s.sum << "\n";
        out << "maas_http_request_duration_seconds_count{" << labels << "} " << s.count << "\n";
    }
    for (const auto& g : gauges_) {
        out << "# HELP " << g.name << " " << g.help << "\n# TYPE " << g.name << " " << g.type
            << "\n"
            << g.name << " " << g.read() << "\n";
    }
    for (const auto& collect : collectors_)
        out << collect();
    return out.str();
}

}  // namespace maas::region::http
