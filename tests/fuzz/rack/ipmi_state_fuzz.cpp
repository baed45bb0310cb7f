// Fuzzes the reading of ipmitool's output (what a BMC's answers become).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "maas/rack/power/ipmi_driver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string output(reinterpret_cast<const char*>(data), size);
    try {
        (void)maas::rack::power::parseIpmiPowerState(output);
    } catch (const maas::rack::power::PowerError&) {
    }
    return 0;
}
