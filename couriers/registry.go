package couriers

// Canonical IDs of the couriers named by the SDK's documentation and the
// carriers' translation tables. The constants are the IDs; Lookup gives
// the rest.
const (
	UPS            = "ups"
	FedEx          = "fedex"
	USPS           = "usps"
	DHL            = "dhl" // DHL Express
	DHLECommerce   = "dhl_ecommerce"
	Amazon         = "amazon"
	CanadaPost     = "canada_post"
	Canpar         = "canpar"
	DPD            = "dpd"
	GOFO           = "gofo"
	LandmarkGlobal = "landmark_global"
	LaserShip      = "lasership"
	OldDominion    = "old_dominion"
	OnTrac         = "ontrac"
	Purolator      = "purolator"
	SpeeDee        = "speedee"
	Yodel          = "yodel"
	YunExpress     = "yunexpress"
	AusPost        = "auspost"
	StarTrack      = "startrack"
	RoyalMail      = "royal_mail"
)

// private lists the couriers that are not (only) a national postal
// operator. The tracking pages are the couriers' own public ones.
var private = []Courier{
	{ID: UPS, Name: "UPS", URLTemplate: "https://www.ups.com/track?tracknum={number}"},
	{ID: FedEx, Name: "FedEx", URLTemplate: "https://www.fedex.com/fedextrack/?trknbr={number}"},
	{ID: USPS, Name: "USPS", URLTemplate: "https://tools.usps.com/go/TrackConfirmAction?tLabels={number}"},
	{ID: DHL, Name: "DHL Express", URLTemplate: "https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id={number}"},
	{ID: DHLECommerce, Name: "DHL eCommerce", URLTemplate: "https://www.dhl.com/global-en/home/tracking/tracking-ecommerce.html?submit=1&tracking-id={number}"},
	{ID: Amazon, Name: "Amazon Logistics", URLTemplate: "https://track.amazon.com/tracking/{number}"},
	{ID: CanadaPost, Name: "Canada Post", URLTemplate: "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor={number}"},
	{ID: Canpar, Name: "Canpar Express", URLTemplate: "https://www.canpar.com/en/track/tracking.jsp?reference={number}&locale=en"},
	{ID: DPD, Name: "DPD", URLTemplate: "https://www.dpdgroup.com/nl/mydpd/my-parcels/track?lang=en&parcelNumber={number}"},
	{ID: GOFO, Name: "GOFO Express", URLTemplate: "https://www.gofoexpress.com/tracking.html?searchID={number}"},
	{ID: LandmarkGlobal, Name: "Landmark Global", URLTemplate: "https://track.landmarkglobal.com/?search={number}"},
	{ID: LaserShip, Name: "LaserShip", URLTemplate: "https://www.lasership.com/track/{number}"},
	{ID: OldDominion, Name: "Old Dominion Freight Line", URLTemplate: "https://www.odfl.com/Trace/standardResult.faces?pro={number}"},
	{ID: OnTrac, Name: "OnTrac", URLTemplate: "https://www.ontrac.com/tracking/?number={number}"},
	{ID: Purolator, Name: "Purolator", URLTemplate: "https://www.purolator.com/en/shipping/tracker?searchValue={number}"},
	{ID: SpeeDee, Name: "Spee-Dee Delivery", URLTemplate: "https://www.speedeedelivery.com/track/?tracking={number}"},
	{ID: Yodel, Name: "Yodel", URLTemplate: "https://www.yodel.co.uk/tracking/{number}"},
	{ID: YunExpress, Name: "YunExpress", URLTemplate: "https://www.yuntrack.com/parcelTracking?id={number}"},
	{ID: AusPost, Name: "Australia Post", URLTemplate: "https://auspost.com.au/mypost/track/details/{number}"},
	{ID: StarTrack, Name: "StarTrack", URLTemplate: "https://startrack.com.au/track/details/{number}"},
	{ID: RoyalMail, Name: "Royal Mail", URLTemplate: "https://www.royalmail.com/track-your-item#/tracking-results/{number}"},
	{ID: "parcelforce", Name: "Parcelforce Worldwide", URLTemplate: "https://www.parcelforce.com/track-trace?trackNumber={number}"},
	{ID: "evri", Name: "Evri", URLTemplate: "https://www.evri.com/track/parcel/{number}"},
	{ID: "gls", Name: "GLS"},
	{ID: "tnt", Name: "TNT"},
	{ID: "aramex", Name: "Aramex"},
	{ID: "cainiao", Name: "Cainiao"},
	{ID: "4px", Name: "4PX"},
	{ID: "sf_express", Name: "SF Express"},
	{ID: "mondial_relay", Name: "Mondial Relay"},
	{ID: "asendia", Name: "Asendia"},
	{ID: "dhl_parcel_uk", Name: "DHL Parcel UK"},
	{ID: "sendle", Name: "Sendle"},
	{ID: "couriers_please", Name: "CouriersPlease"},
	{ID: "aramex_au", Name: "Aramex Australia"},
	{ID: "toll", Name: "Toll"},
	{ID: "tforce", Name: "TForce Freight"},
	{ID: "estes", Name: "Estes Express Lines"},
	{ID: "xpo", Name: "XPO"},
	{ID: "saia", Name: "Saia"},
	{ID: "uniuni", Name: "UniUni"},
	{ID: "veho", Name: "Veho"},
	{ID: "passport", Name: "Passport"},
	{ID: "globegistics", Name: "Globegistics"},
	{ID: "apc_postal", Name: "APC Postal Logistics"},
	{ID: "osm_worldwide", Name: "OSM Worldwide"},
	{ID: "better_trucks", Name: "Better Trucks"},
	{ID: "axlehire", Name: "AxleHire"},
	{ID: "lso", Name: "Lone Star Overnight"},
}
