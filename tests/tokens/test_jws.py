"""Compact JWS: the kit's RS* check agrees with OpenSSL's; PS* and ES* go through cryptography."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from aether_kit.tokens.jws import (
    VerifyingKey,
    b64url_decode,
    import_jwk,
    split_compact,
    verify_signature,
)

HASHES = {"256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512}
MESSAGE = b"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def uint(value: int) -> str:
    return b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


@pytest.fixture(scope="module")
def rsa_private() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def rsa_key(rsa_private) -> VerifyingKey:
    numbers = rsa_private.public_key().public_numbers()
    return import_jwk({"kid": "r", "kty": "RSA", "n": uint(numbers.n), "e": uint(numbers.e)})


def ec_jwk(private: ec.EllipticCurvePrivateKey, curve: str) -> dict[str, str]:
    numbers, size = private.public_key().public_numbers(), {"P-256": 32, "P-384": 48}[curve]
    return {
        "kid": "e",
        "kty": "EC",
        "crv": curve,
        "x": b64url(numbers.x.to_bytes(size, "big")),
        "y": b64url(numbers.y.to_bytes(size, "big")),
    }


def raw_signature(der: bytes, size: int) -> bytes:
    r, s = decode_dss_signature(der)
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")


def forge_block(private: rsa.RSAPrivateKey, block: bytes) -> bytes:
    """A signature whose public-key operation gives exactly ``block`` (uses the private key)."""
    numbers = private.private_numbers()
    n = numbers.public_numbers.n
    return pow(int.from_bytes(block, "big"), numbers.d, n).to_bytes(256, "big")


# -- RS256/384/512: the kit's own check ------------------------------------------------------


@pytest.mark.parametrize("bits", ["256", "384", "512"])
def test_an_openssl_pkcs1_signature_verifies(rsa_private, rsa_key, bits):
    signature = rsa_private.sign(MESSAGE, padding.PKCS1v15(), HASHES[bits]())

    assert verify_signature(rsa_key, f"RS{bits}", MESSAGE, signature)


@pytest.mark.parametrize("bits", ["256", "384", "512"])
def test_a_pkcs1_signature_of_another_message_does_not_verify(rsa_private, rsa_key, bits):
    signature = rsa_private.sign(MESSAGE + b"x", padding.PKCS1v15(), HASHES[bits]())

    assert not verify_signature(rsa_key, f"RS{bits}", MESSAGE, signature)


def test_a_signature_made_with_another_hash_does_not_verify(rsa_private, rsa_key):
    signature = rsa_private.sign(MESSAGE, padding.PKCS1v15(), hashes.SHA384())

    assert not verify_signature(rsa_key, "RS256", MESSAGE, signature)


def test_a_signature_with_one_bit_flipped_does_not_verify(rsa_private, rsa_key):
    signature = bytearray(rsa_private.sign(MESSAGE, padding.PKCS1v15(), hashes.SHA256()))
    signature[100] ^= 1

    assert not verify_signature(rsa_key, "RS256", MESSAGE, bytes(signature))


@pytest.mark.parametrize("length", [0, 255, 257])
def test_a_signature_of_the_wrong_length_does_not_verify(rsa_private, rsa_key, length):
    signature = rsa_private.sign(MESSAGE, padding.PKCS1v15(), hashes.SHA256())

    assert not verify_signature(rsa_key, "RS256", MESSAGE, (signature * 2)[:length])


def lifted_signature() -> tuple[VerifyingKey, bytes, bytes, bytes]:
    """A key, a message, its signature ``s`` and ``s + n``: the same value modulo ``n``
    that still fits the modulus' length (found by trying a few keys and messages)."""
    for _ in range(50):
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        n = private.public_key().public_numbers().n
        for index in range(20):
            message = MESSAGE + bytes([index])
            signature = private.sign(message, padding.PKCS1v15(), hashes.SHA256())
            lifted = int.from_bytes(signature, "big") + n
            if lifted < 2 ** (8 * 256):
                key = import_jwk({"kid": "r", "kty": "RSA", "n": uint(n), "e": "AQAB"})
                return key, message, signature, lifted.to_bytes(256, "big")
    raise AssertionError("no key left room above its modulus")


def test_a_signature_not_below_the_modulus_does_not_verify():
    # RFC 8017 refuses s >= n rather than reducing it: one token, one signature
    key, message, signature, lifted = lifted_signature()

    assert verify_signature(key, "RS256", message, signature)
    assert not verify_signature(key, "RS256", message, lifted)


def test_a_block_with_garbage_after_the_digest_does_not_verify(rsa_private, rsa_key):
    # the forgery of lenient parsers: short padding, the digest, then bytes nobody reads
    digest_info = bytes.fromhex("3031300d060960864801650304020105000420")
    digest_info += hashlib.sha256(MESSAGE).digest()
    block = b"\x00\x01" + b"\xff" * 8 + b"\x00" + digest_info
    block += b"\x00" * (256 - len(block))

    assert not verify_signature(rsa_key, "RS256", MESSAGE, forge_block(rsa_private, block))


def test_a_block_whose_digest_info_lacks_the_null_parameters_does_not_verify(rsa_private, rsa_key):
    digest_info = bytes.fromhex("302f300b0609608648016503040201") + bytes.fromhex("0420")
    digest_info += hashlib.sha256(MESSAGE).digest()
    block = b"\x00\x01" + b"\xff" * (256 - len(digest_info) - 3) + b"\x00" + digest_info

    assert not verify_signature(rsa_key, "RS256", MESSAGE, forge_block(rsa_private, block))


def test_the_block_openssl_would_make_verifies_when_made_by_hand(rsa_private, rsa_key):
    # the encoding the kit compares with is the one RFC 8017 defines, nothing stricter
    digest_info = bytes.fromhex("3031300d060960864801650304020105000420")
    digest_info += hashlib.sha256(MESSAGE).digest()
    block = b"\x00\x01" + b"\xff" * (256 - len(digest_info) - 3) + b"\x00" + digest_info

    assert verify_signature(rsa_key, "RS256", MESSAGE, forge_block(rsa_private, block))


def test_an_rsa_check_asks_for_no_openssl_binding():
    code = (
        "import sys, json; from aether_kit.tokens.jws import import_jwk, verify_signature; "
        "key, message, signature = json.loads(sys.stdin.read()); "
        "ok = verify_signature(import_jwk(key), 'RS256', message.encode(), "
        "bytes.fromhex(signature)); "
        "print(ok, 'cryptography' in sys.modules, 'joserfc' in sys.modules)"
    )
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    numbers = private.public_key().public_numbers()
    key = {"kid": "r", "kty": "RSA", "n": uint(numbers.n), "e": uint(numbers.e)}
    signature = private.sign(MESSAGE, padding.PKCS1v15(), hashes.SHA256()).hex()

    result = subprocess.run(  # noqa: S603  (this interpreter, a fixed script)
        [sys.executable, "-c", code],
        input=json.dumps([key, MESSAGE.decode(), signature]),
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.split() == ["True", "False", "False"]


# -- PS* and ES*: cryptography -----------------------------------------------------------------


@pytest.mark.parametrize("bits", ["256", "384", "512"])
def test_a_pss_signature_with_the_digests_salt_length_verifies(rsa_private, rsa_key, bits):
    digest = HASHES[bits]()
    pss = padding.PSS(mgf=padding.MGF1(digest), salt_length=digest.digest_size)

    assert verify_signature(rsa_key, f"PS{bits}", MESSAGE, rsa_private.sign(MESSAGE, pss, digest))


def test_a_pss_signature_with_another_salt_length_does_not_verify(rsa_private, rsa_key):
    pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=0)

    signature = rsa_private.sign(MESSAGE, pss, hashes.SHA256())

    assert not verify_signature(rsa_key, "PS256", MESSAGE, signature)


@pytest.mark.parametrize(
    ("algorithm", "curve", "native"),
    [("ES256", "P-256", ec.SECP256R1), ("ES384", "P-384", ec.SECP384R1)],
)
def test_an_ecdsa_signature_in_jws_form_verifies(algorithm, curve, native):
    private = ec.generate_private_key(native())
    key = import_jwk(ec_jwk(private, curve))
    der = private.sign(MESSAGE, ec.ECDSA(HASHES[algorithm[2:]]()))

    assert verify_signature(key, algorithm, MESSAGE, raw_signature(der, key.size))
    assert not verify_signature(key, algorithm, MESSAGE + b"x", raw_signature(der, key.size))


def test_an_ecdsa_signature_in_der_form_does_not_verify():
    private = ec.generate_private_key(ec.SECP256R1())
    key = import_jwk(ec_jwk(private, "P-256"))

    der = private.sign(MESSAGE, ec.ECDSA(hashes.SHA256()))

    assert not verify_signature(key, "ES256", MESSAGE, der)


def test_an_ec_key_off_its_curve_verifies_nothing():
    private = ec.generate_private_key(ec.SECP256R1())
    jwk = ec_jwk(private, "P-256")
    jwk["y"] = b64url(b"\x01" * 32)
    key = import_jwk(jwk)
    der = private.sign(MESSAGE, ec.ECDSA(hashes.SHA256()))

    assert not verify_signature(key, "ES256", MESSAGE, raw_signature(der, 32))


@pytest.mark.parametrize("algorithm", ["ES256", "HS256", "none", "RS1", "EdDSA"])
def test_an_rsa_key_verifies_no_other_family(rsa_private, rsa_key, algorithm):
    signature = rsa_private.sign(MESSAGE, padding.PKCS1v15(), hashes.SHA256())

    assert not verify_signature(rsa_key, algorithm, MESSAGE, signature)


def test_an_ec_key_verifies_no_rsa_algorithm():
    key = import_jwk(ec_jwk(ec.generate_private_key(ec.SECP256R1()), "P-256"))

    assert not verify_signature(key, "RS256", MESSAGE, b"\x00" * 64)


# -- keys ------------------------------------------------------------------------------------


def test_an_rsa_jwk_keeps_only_its_public_numbers(rsa_private):
    private = rsa_private.private_numbers()
    jwk = {
        "kid": "r",
        "kty": "RSA",
        "alg": "RS256",
        "n": uint(private.public_numbers.n),
        "e": uint(private.public_numbers.e),
        "d": uint(private.d),
    }

    key = import_jwk(jwk)

    assert (key.kid, key.key_type, key.alg, key.e) == ("r", "RSA", "RS256", 65537)
    assert private.d not in vars(key).values()


def test_an_rsa_key_under_2048_bits_is_refused():
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505  (refused: the point of the test)
    numbers = small.public_key().public_numbers()

    with pytest.raises(ValueError, match="2048"):
        import_jwk({"kid": "r", "kty": "RSA", "n": uint(numbers.n), "e": uint(numbers.e)})


def test_an_rsa_key_over_16384_bits_is_refused():
    with pytest.raises(ValueError, match="16384"):
        import_jwk({"kid": "r", "kty": "RSA", "n": uint(2**16384 + 1), "e": "AQAB"})


@pytest.mark.parametrize("exponent", [1, 2, 65536, 2**31 + 1])
def test_an_rsa_key_with_an_unusable_exponent_is_refused(rsa_key, exponent):
    with pytest.raises(ValueError, match="exponent"):
        import_jwk({"kid": "r", "kty": "RSA", "n": uint(rsa_key.n), "e": uint(exponent)})


def test_a_key_whose_operations_leave_out_verify_is_refused(rsa_key):
    jwk = {"kid": "r", "kty": "RSA", "n": uint(rsa_key.n), "e": "AQAB", "key_ops": ["encrypt"]}

    with pytest.raises(ValueError, match="key_ops"):
        import_jwk(jwk)


def test_an_ec_key_with_short_coordinates_is_refused():
    jwk = ec_jwk(ec.generate_private_key(ec.SECP256R1()), "P-256")
    jwk["x"] = b64url(b"\x01" * 31)

    with pytest.raises(ValueError, match="32 bytes"):
        import_jwk(jwk)


@pytest.mark.parametrize(
    ("jwk", "reason"),
    [
        ({"kid": "s", "kty": "oct", "k": "c2VjcmV0"}, "unsupported key type"),
        ({"kid": "o", "kty": "OKP", "crv": "Ed25519", "x": "AAAA"}, "unsupported key type"),
        ({"kid": "c", "kty": "EC", "crv": "secp256k1", "x": "AA", "y": "AA"}, "unsupported curve"),
        ({"kty": "RSA", "n": "AQAB", "e": "AQAB"}, "no kid"),
        ({"kid": "r", "kty": "RSA", "n": "not base64!", "e": "AQAB"}, "not base64url"),
        ({"kid": "r", "kty": "RSA", "e": "AQAB"}, "not a base64url integer"),
    ],
    ids=["symmetric", "okp", "other-curve", "no-kid", "bad-n", "no-n"],
)
def test_a_key_the_kit_cannot_verify_with_is_refused(jwk, reason):
    with pytest.raises(ValueError, match=reason):
        import_jwk(jwk)


# -- compact tokens --------------------------------------------------------------------------


def compact(header: object, payload: bytes = b"{}", signature: bytes = b"sig") -> str:
    return ".".join([b64url(json.dumps(header).encode()), b64url(payload), b64url(signature)])


def test_a_compact_token_splits_into_header_payload_and_signature():
    token = compact({"alg": "RS256", "kid": "k"}, b'{"sub": "u"}', b"\x01\x02")

    parts = split_compact(token)

    assert parts.header == {"alg": "RS256", "kid": "k"}
    assert parts.payload == b'{"sub": "u"}'
    assert parts.signature == b"\x01\x02"
    assert parts.signing_input == token.rsplit(".", 1)[0].encode()


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        ("a.b", "three parts"),
        ("a.b.c.d", "three parts"),
        (compact({"alg": "RS256"}) + "=", "not base64url"),
        (compact(["alg"]), "not a JSON object"),
        (compact({"alg": "RS256", "crit": ["b64"], "b64": False}), "critical"),
        ("e30.e30.@@@@", "not base64url"),
        ("e30.e30.a", "not base64url"),
    ],
    ids=["two-parts", "four-parts", "padded", "not-object", "crit", "bad-chars", "bad-length"],
)
def test_a_malformed_compact_token_is_refused(token, reason):
    with pytest.raises(ValueError, match=reason):
        split_compact(token)


def test_base64url_decoding_is_strict():
    assert b64url_decode("AQAB") == b"\x01\x00\x01"
    with pytest.raises(ValueError, match="not base64url"):
        b64url_decode("AQAB+/")
