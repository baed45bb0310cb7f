#include "maas/region/power/bmc.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <stdexcept>

namespace maas::region::power {

namespace mr = maas::rpc;

mr::PowerArgs powerArgs(const std::string& system_id, const std::string& power_type,
                        const std::string& parameters_json) {
    mr::PowerArgs args{system_id, power_type, {}};
    Poco::JSON::Object::Ptr object;
    try {
        object = Poco::JSON::Parser()
                     .parse(parameters_json.empty() ? "{}" : parameters_json)
                     .extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
        throw std::invalid_argument("power_parameters: " + e.displayText());
    }
    if (!object) {
        throw std::invalid_argument("power_parameters: not a JSON object");
    }
    for (const auto& key : object->getNames()) {
        const auto value = object->get(key);
        if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
            // A list setting (IPMI workaround_flags) reaches the rack comma-separated.
            std::string joined;
            for (const auto& item : *value.extract<Poco::JSON::Array::Ptr>())
                joined += (joined.empty() ? "" : ",") + item.convert<std::string>();
            args.parameters[key] = joined;
            continue;
        }
        args.parameters[key] = value.isEmpty() ? std::string() : value.convert<std::string>();
    }
    return args;
}

BmcTarget bmcTarget(const mr::PowerArgs& args) {
    auto get = [&](const std::string& key) {
        auto it = args.parameters.find(key);
        return it == args.parameters.end() ? std::string() : it->second;
    };
    if (args.power_type == "ipmi") {
        const auto address = get("power_address");
        const auto port = get("power_port");
        return {"ipmi:" + address + ":" + (port.empty() ? "623" : port), address};
    }
    if (args.power_type == "webhook") {
        const auto url = get("power_on_uri");
        std::string host;
        try {
            host = Poco::URI(url).getHost();
        } catch (const Poco::Exception&) {
        }
        return {"webhook:" + url, host};
    }
    return {args.power_type + ":" + args.system_id, ""};
}

bool pollable(const std::string& power_type) {
    return power_type == "ipmi" || power_type == "webhook";
}

}  // namespace maas::region::power
