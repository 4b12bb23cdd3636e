import Foundation
import Testing

@testable import ObjectStore

/// The example signatures AWS publishes for S3 ("Signature Calculations for the Authorization Header: Transferring
/// Payload in a Single Chunk"): key AKIAIOSFODNN7EXAMPLE, bucket examplebucket, 2013-05-24T00:00:00Z, us-east-1.
@Suite struct SigV4SignerTests {
    let signer = SigV4Signer(
        credentials: S3Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1")
    let date = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z
    let host = ("host", "examplebucket.s3.amazonaws.com")

    func authorization(_ headers: [(String, String)]) -> String? {
        headers.first { $0.0 == "Authorization" }?.1
    }

    @Test func getObjectWithARange() {
        let headers = signer.sign(
            method: "GET", path: "/test.txt", query: [], headers: [host, ("Range", "bytes=0-9")],
            payloadHash: SigV4Signer.emptyPayloadHash, date: date)
        #expect(
            authorization(headers)
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(headers.contains { $0 == ("x-amz-date", "20130524T000000Z") })
    }

    @Test func putObjectWithAnEncodedKeyAndExtraHeaders() {
        let path = "/" + SigV4Signer.encodePath("test$file.text")
        #expect(path == "/test%24file.text")
        let headers = signer.sign(
            method: "PUT", path: path, query: [],
            headers: [host, ("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY")],
            payloadHash: "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072", date: date)
        #expect(authorization(headers)?.hasSuffix("Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd") == true)
        #expect(authorization(headers)?.contains("SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class") == true)
    }

    @Test func getBucketLifecycleWithAValuelessParameter() {
        let headers = signer.sign(
            method: "GET", path: "/", query: [("lifecycle", "")], headers: [host],
            payloadHash: SigV4Signer.emptyPayloadHash, date: date)
        #expect(authorization(headers)?.hasSuffix("Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543") == true)
    }

    @Test func listObjectsWithParametersOutOfOrder() {
        // The canonical query is sorted: the order the caller gives must not matter.
        let headers = signer.sign(
            method: "GET", path: "/", query: [("prefix", "J"), ("max-keys", "2")], headers: [host],
            payloadHash: SigV4Signer.emptyPayloadHash, date: date)
        #expect(authorization(headers)?.hasSuffix("Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7") == true)
    }

    @Test func aDifferentSecretOrDayGivesADifferentSignature() {
        let other = SigV4Signer(credentials: S3Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "x"), region: "us-east-1")
        let one = signer.sign(method: "GET", path: "/test.txt", query: [], headers: [host], payloadHash: SigV4Signer.emptyPayloadHash, date: date)
        let two = other.sign(method: "GET", path: "/test.txt", query: [], headers: [host], payloadHash: SigV4Signer.emptyPayloadHash, date: date)
        let three = signer.sign(
            method: "GET", path: "/test.txt", query: [], headers: [host], payloadHash: SigV4Signer.emptyPayloadHash,
            date: date.addingTimeInterval(86_400))
        #expect(authorization(one) != authorization(two))
        #expect(authorization(one) != authorization(three))
        #expect(authorization(three)?.contains("/20130525/") == true)
    }

    @Test func timestampsAcrossLeapDaysAndCenturies() {
        #expect(SigV4Signer.timestamps(Date(timeIntervalSince1970: 951_782_400)).0 == "20000229T000000Z")
        #expect(SigV4Signer.timestamps(Date(timeIntervalSince1970: 4_107_542_399)).0 == "21000228T235959Z")
        #expect(SigV4Signer.timestamps(Date(timeIntervalSince1970: 1_796_688_000 + 3723)).0 == "20261208T010203Z")
    }

    @Test func encodingKeepsOnlyUnreservedCharacters() {
        #expect(SigV4Signer.encode("a b/c+d~e_f.g-h") == "a%20b%2Fc%2Bd~e_f.g-h")
        #expect(SigV4Signer.encodePath("blobs/ä b") == "blobs/%C3%A4%20b")
    }
}
