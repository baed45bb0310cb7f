// Drives a region with Debian's Go MAAS client (github.com/juju/gomaasapi, the library Juju
// uses): the typed Controller for version/capabilities and fabrics (strict schema checks of
// our JSON), and the generic MAASObject client for the DHCP recipe's writes, MAAS's
// identifiers and MAAS's errors. Prints "ok - ..." per check; exits 1 on any failure.
// Usage: drive BASE_URL API_KEY   (BASE_URL like http://127.0.0.1:5240/MAAS/)
package main

import (
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/juju/gomaasapi"
)

var failed = false

func check(what string, ok bool, detail ...interface{}) {
	if ok {
		fmt.Println("ok - " + what)
		return
	}
	failed = true
	fmt.Println("FAIL - "+what, fmt.Sprint(detail...))
}

func field(obj gomaasapi.MAASObject, name string) string {
	m := obj.GetMap()
	v, ok := m[name]
	if !ok || v.IsNil() {
		return ""
	}
	if s, err := v.GetString(); err == nil {
		return s
	}
	if f, err := v.GetFloat64(); err == nil {
		return fmt.Sprint(int64(f))
	}
	if b, err := v.GetBool(); err == nil {
		return fmt.Sprint(b)
	}
	return ""
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: drive BASE_URL API_KEY")
		os.Exit(2)
	}
	base, key := os.Args[1], os.Args[2]

	ctrl, err := gomaasapi.NewController(gomaasapi.ControllerArgs{BaseURL: base, APIKey: key})
	check("typed controller: version and capabilities", err == nil, err)
	if err == nil {
		check("networks-management capability", ctrl.Capabilities().Contains("networks-management"))
		fabrics, err := ctrl.Fabrics()
		check("typed fabrics read passes the 2.0 schema", err == nil, err)
		if err == nil && len(fabrics) > 0 {
			f := fabrics[0]
			check("default fabric id 0 fabric-0 with its untagged VLAN",
				f.ID() == 0 && f.Name() == "fabric-0" && len(f.VLANs()) == 1 && f.VLANs()[0].VID() == 0,
				f.ID(), f.Name())
		}
	}

	client, err := gomaasapi.NewAuthenticatedClient(gomaasapi.AddAPIVersionToURL(base, "2.0"), key)
	if err != nil {
		check("authenticated client", false, err)
		os.Exit(1)
	}
	maas := gomaasapi.NewMAAS(*client)

	fabric, err := maas.GetSubObject("fabrics").CallPost("", url.Values{"name": {"go-lab"}})
	check("fabrics create", err == nil, err)
	fabricObj, _ := fabric.GetMAASObject()
	fid := field(fabricObj, "id")
	subnet, err := maas.GetSubObject("subnets").CallPost("", url.Values{
		"cidr": {"10.40.0.0/24"}, "fabric": {"go-lab"}, "gateway_ip": {"10.40.0.1"}})
	check("subnets create on a fabric by name", err == nil, err)
	subnetObj, _ := subnet.GetMAASObject()
	check("subnet on go-lab", err == nil && strings.Contains(fmt.Sprint(subnetObj.GetMap()["vlan"]), "go-lab"))

	byCidr, err := maas.GetSubObject("subnets/10.40.0.0/24/").Get()
	check("subnet read by CIDR", err == nil && field(byCidr, "cidr") == "10.40.0.0/24", err)

	_, err = maas.GetSubObject("ipranges").CallPost("", url.Values{
		"type": {"dynamic"}, "start_ip": {"10.40.0.1"}, "end_ip": {"10.40.0.50"}})
	serverErr, isServerErr := gomaasapi.GetServerError(err)
	check("dynamic range holding the gateway refused with MAAS's words",
		isServerErr && serverErr.StatusCode == 400 &&
			strings.Contains(serverErr.BodyMessage, "conflicts with an existing IP address or range"), err)
	_, err = maas.GetSubObject("ipranges").CallPost("", url.Values{
		"type": {"dynamic"}, "start_ip": {"10.40.0.100"}, "end_ip": {"10.40.0.150"}})
	check("ipranges create", err == nil, err)

	vlan, err := maas.GetSubObject("fabrics/" + fid + "/vlans/untagged/").Update(url.Values{"mtu": {"9000"}})
	check("vlan update by name", err == nil && field(vlan, "mtu") == "9000", err)

	_, err = maas.GetSubObject("subnets/10.99.0.0/24/").Get()
	serverErr, isServerErr = gomaasapi.GetServerError(err)
	check("unknown subnet: 404 with MAAS's text",
		isServerErr && serverErr.StatusCode == 404 &&
			strings.Contains(serverErr.BodyMessage, "No Subnet matches the given query."), err)

	racks, err := maas.GetSubObject("rackcontrollers").CallGet("", url.Values{"hostname": {"no-such-rack"}})
	list, _ := racks.GetArray()
	check("rack-controllers read filtered by hostname", err == nil && len(list) == 0, err)

	if failed {
		os.Exit(1)
	}
	fmt.Println("PASS gomaasapi")
}
