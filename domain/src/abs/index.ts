// Domain types of the abs area, shared by chaincode, gateway and verifier.
export {};
