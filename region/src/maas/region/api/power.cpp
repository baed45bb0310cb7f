#include "maas/region/api/power.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <sstream>

namespace maas::region::api {

const std::vector<PowerTypeSpec>& powerTypes() {
    static const std::vector<PowerTypeSpec> types{
        {"manual", {}},
        // MAAS's IPMI driver settings (its ipmi.py), plus power_port for BMCs off 623.
        {"ipmi",
         {{"power_address", true},
          {"power_user"},
          {"power_pass", false, {}, true},
          {"k_g", false, {}, true},
          {"power_driver", false, {"LAN", "LAN_2_0"}},
          {"power_boot_type", false, {"auto", "legacy", "efi"}},
          {"power_port"},
          {"cipher_suite_id", false, {"", "3", "8", "12", "17"}},
          {"privilege_level", false, {"USER", "OPERATOR", "ADMIN"}},
          {"workaround_flags",
           false,
           {"opensesspriv", "authcap", "idzero", "unexpectedauth", "forcepermsg", "endianseq",
            "intel20", "supermicro20", "sun20", "nochecksumcheck", "integritycheckvalue",
            "ipmiping", ""},
           false,
           true},
          {"power_off_mode", false, {"soft", "hard"}},
          {"mac_address"}}},
        {"webhook",
         {{"power_on_uri", true},
          {"power_off_uri", true},
          {"power_query_uri"},
          {"power_on_regex"},
          {"power_off_regex"},
          {"power_user"},
          {"power_pass", false, {}, true},
          {"power_token", false, {}, true},
          {"power_verify_ssl", false, {"y", "n"}}}},
    };
    return types;
}

std::string checkPowerParameters(const std::string& power_type, const http::FormParams& params,
                                 FieldErrors& errors) {
    const PowerTypeSpec* spec = nullptr;
    for (const auto& t : powerTypes())
        if (t.name == power_type)
            spec = &t;
    if (!spec) {
        errors.add("power_type", "Select a valid choice. " + power_type +
                                     " is not one of the available choices.");
        return "{}";
    }
    http::FormParams given;
    if (auto json = params.get("power_parameters"); json && !json->empty()) {
        try {
            given = http::parseJsonObject(*json);
        } catch (const http::FormError& e) {
            errors.add("power_parameters", e.what());
            return "{}";
        }
    }
    const std::string prefix = "power_parameters_";
    for (const auto& [k, v] : params.items())
        if (k.starts_with(prefix))
            given.add(k.substr(prefix.size()), v);

    Poco::JSON::Object out;
    for (const auto& [k, v] : given.items()) {
        const PowerField* field = nullptr;
        for (const auto& f : spec->fields)
            if (f.name == k)
                field = &f;
        if (!field) {
            errors.add(prefix + k, "Unknown power parameter for power type " + power_type + ".");
            continue;
        }
        if (!field->choices.empty() &&
            std::find(field->choices.begin(), field->choices.end(), v) == field->choices.end()) {
            errors.add(prefix + k,
                       "Select a valid choice. " + v + " is not one of the available choices.");
            continue;
        }
        if (field->multiple) {
            Poco::JSON::Array::Ptr list =
                out.has(k) ? out.getArray(k) : Poco::JSON::Array::Ptr(new Poco::JSON::Array);
            if (!v.empty())
                list->add(v);
            out.set(k, list);
            continue;
        }
        out.set(k, v);
    }
    for (const auto& f : spec->fields)
        if (f.required && (!out.has(f.name) || out.get(f.name).toString().empty()))
            errors.add(prefix + f.name, "This field is required.");
    std::ostringstream text;
    out.stringify(text);
    return text.str();
}

}  // namespace maas::region::api
