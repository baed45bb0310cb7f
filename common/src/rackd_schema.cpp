#include "maas/common/config_schemas.h"

namespace maas {

namespace {

SettingValidator absolutePathOrEmpty() {
    return [](const SettingValue& v) -> std::optional<std::string> {
        const auto* text = std::get_if<std::string>(&v);
        if (text && !text->empty() && text->front() != '/')
            return "must be an absolute path";
        return std::nullopt;
    };
}

}  // namespace

const SettingsSchema& rackdSchema() {
    static const SettingsSchema schema{
        "rackd.conf",
        {
            {"maas_url", SettingType::StringList,
             std::vector<std::string>{"http://localhost:5240/MAAS"},
             "Region URL or list of URLs to discover region endpoints from.", httpUrl(), false,
             /*accepts_single=*/true},
            {"maas_ca_file", SettingType::String, std::string(""),
             "CA certificates (PEM) an https maas_url's certificate must chain to (empty: the "
             "system's store).",
             absolutePathOrEmpty()},
            {"debug", SettingType::Boolean, false, "Verbose logging."},
            {"kea_bin_dir", SettingType::String, std::string(""),
             "Directory of kea-dhcp4, run as `kea-dhcp4 -t` to validate configurations "
             "(empty: [$SNAP]/usr/sbin).",
             absolutePathOrEmpty()},
            {"kea_hooks_dir", SettingType::String, std::string(""),
             "Directory of Kea's libdhcp_lease_cmds.so (empty: "
             "[$SNAP]/usr/lib/x86_64-linux-gnu/kea/hooks).",
             absolutePathOrEmpty()},
            {"dhcp_hook_library", SettingType::String, std::string(""),
             "Path of MAAS's lease-sync hook libmaas_dhcp_ha.so (empty: lib/maas/hooks/ "
             "beside the bin/ maas-rackd runs from, so under any prefix and $SNAP).",
             absolutePathOrEmpty()},
            {"power_workers", SettingType::Integer, int64_t{16},
             "BMC calls (power commands and polls) this rack runs at once.", intRange(1, 256)},
            {"power_timeout", SettingType::Integer, int64_t{20},
             "Seconds one BMC call (ipmitool run, webhook request) may take.", intRange(1, 120)},
        }};
    return schema;
}

}  // namespace maas
