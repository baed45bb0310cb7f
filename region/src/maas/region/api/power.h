#pragma once

#include <map>
#include <string>
#include <vector>

#include "maas/region/api/errors.h"
#include "maas/region/http/form.h"

namespace maas::region::api {

/// One parameter a power driver takes.
struct PowerField {
    std::string name;
    bool required = false;
    std::vector<std::string> choices;  ///< empty: free text
    bool secret = false;
    bool multiple = false;  ///< a list of choices (repeat the key), stored as a JSON array
};

struct PowerTypeSpec {
    std::string name;
    std::vector<PowerField> fields;
};

/// The power types this MAAS can drive (manual, ipmi, webhook).
const std::vector<PowerTypeSpec>& powerTypes();

/// Collects power parameters from `power_parameters_<field>` form keys and/or a JSON object in
/// `power_parameters`, checks them against the type's fields and returns them as a JSON object
/// text; problems go to errors keyed "power_type" or "power_parameters_<field>" (pure).
std::string checkPowerParameters(const std::string& power_type, const http::FormParams& params,
                                 FieldErrors& errors);

}  // namespace maas::region::api
