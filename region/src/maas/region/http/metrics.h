#pragma once

#include <array>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace maas::region::http {

/// Request counts and latency histograms by handler and status, plus gauges read on demand;
/// rendered as Prometheus text. Thread-safe.
class Metrics {
  public:
    static constexpr std::array<double, 10> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025,
                                                     0.05,  0.1,    0.25,  1.0,  5.0};

    void observe(const std::string& handler, int status, double seconds);
    /// A gauge whose value is read at render time (pool in use, connections held, ...).
    void addGauge(std::string name, std::string help, std::function<double()> read);
    /// The same for a monotonically increasing count (Prometheus type counter).
    void addCounter(std::string name, std::string help, std::function<double()> read);
    /// Series with labels: `render` returns whole Prometheus text (HELP, TYPE and samples).
    void addCollector(std::function<std::string()> render);
    std::string render() const;

  private:
    struct Series {
        uint64_t count = 0;
        double sum = 0;
        std::array<uint64_t, kBuckets.size()> buckets{};
    };
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, int>, Series> series_;
    struct Gauge {
        std::string name;
        std::string help;
        std::function<double()> read;
        const char* type = "gauge";
    };
    std::vector<Gauge> gauges_;
    std::vector<std::function<std::string()>> collectors_;
};

}  // namespace maas::region::http
