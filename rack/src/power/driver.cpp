#include "maas/rack/power/driver.h"

namespace maas::rack::power {

const char* name(PowerAction action) {
    switch (action) {
        case PowerAction::On:
            return "on";
        case PowerAction::Off:
            return "off";
        case PowerAction::Query:
            return "query";
    }
    return "?";
}

void DriverSet::add(const std::string& power_type, std::shared_ptr<PowerDriver> driver) {
    drivers_[power_type] = std::move(driver);
}

PowerDriver& DriverSet::get(const std::string& power_type) const {
    auto it = drivers_.find(power_type);
    if (it == drivers_.end()) {
        throw PowerError("power type '" + power_type + "' is not supported by this rack");
    }
    return *it->second;
}

std::string ManualDriver::perform(PowerAction, const Parameters&, std::chrono::milliseconds) {
    return "unknown";
}

std::string bmcKey(const std::string& power_type, const Parameters& parameters) {
    if (power_type == "ipmi") {
        const auto port = parameter(parameters, "power_port");
        return "ipmi:" + parameter(parameters, "power_address") + ":" +
               (port.empty() ? "623" : port);
    }
    if (power_type == "webhook") {
        return "webhook:" + parameter(parameters, "power_on_uri");
    }
    return "";
}

std::string parameter(const Parameters& parameters, const std::string& key) {
    auto it = parameters.find(key);
    return it == parameters.end() ? std::string() : it->second;
}

}  // namespace maas::rack::power
