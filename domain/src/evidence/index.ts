// Domain types of the evidence area, shared by chaincode, gateway and verifier.
export {};
