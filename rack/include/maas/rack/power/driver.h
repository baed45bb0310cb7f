#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

namespace maas::rack::power {

using Parameters = std::map<std::string, std::string>;

/// A BMC or driver failure; the text is what the operator sees (the BMC's own message).
class PowerError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

enum class PowerAction { On, Off, Query };
const char* name(PowerAction action);

/// A budget that leaves the driver its whole own timeout.
inline constexpr std::chrono::milliseconds kWholeTimeout = std::chrono::milliseconds::max();

/// One power type. Calls block (bounded by the driver's own timeouts) and are thread-safe.
class PowerDriver {
  public:
    virtual ~PowerDriver() = default;
    /// Performs the action within `budget` (capped by the driver's own timeout); returns the
    /// power state ("on", "off", "unknown") the BMC reports afterwards, or the state the
    /// action implies. Throws PowerError.
    virtual std::string perform(PowerAction action, const Parameters& parameters,
                                std::chrono::milliseconds budget) = 0;
    std::string perform(PowerAction action, const Parameters& parameters) {
        return perform(action, parameters, kWholeTimeout);
    }
};

/// The drivers this rack has, by power type.
class DriverSet {
  public:
    void add(const std::string& power_type, std::shared_ptr<PowerDriver> driver);
    /// Throws PowerError naming the unknown type.
    PowerDriver& get(const std::string& power_type) const;

  private:
    std::map<std::string, std::shared_ptr<PowerDriver>> drivers_;
};

/// `manual`: nobody can drive the machine; on/off are accepted (the operator acts) and the
/// state is unknown, as in MAAS.
class ManualDriver final : public PowerDriver {
  public:
    using PowerDriver::perform;
    std::string perform(PowerAction action, const Parameters& parameters,
                        std::chrono::milliseconds budget) override;
};

/// The BMC the parameters drive (pure), so calls to one BMC can be serialised: ipmi is its
/// address and port (default 623), webhook its power_on_uri (as the region names BMCs); ""
/// for types without a BMC (manual), which need no serialising.
std::string bmcKey(const std::string& power_type, const Parameters& parameters);

/// A parameter's value, or "" when absent.
std::string parameter(const Parameters& parameters, const std::string& key);

}  // namespace maas::rack::power
