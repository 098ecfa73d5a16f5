"""Compact JWS: splitting a token, reading a JWK, checking a signature.

The gateway verifies every token it has not seen with its realm's public key,
and nothing else of JOSE: no encryption, no signing, no symmetric keys. So the
kit reads compact tokens and public JWKs itself and checks an RS256/384/512
signature with the public-key operation RFC 8017 (8.2.2) prescribes: the
signature raised to ``e`` modulo ``n`` must equal, byte for byte, the
PKCS #1 v1.5 encoding of the digest computed here. Building the expected
encoding and comparing it whole (rather than parsing the decrypted block) is
what keeps forged signatures with crafted padding out; verification uses only
public values, so there is nothing to keep secret and no timing to hide.

RS256 is what Keycloak and most providers sign with, so a gateway worker
verifies its tokens without loading an OpenSSL binding (cryptography's is
several megabytes of every worker's memory, see ``docs/benchmarks.md``).
PS256/384/512 and ES256/384/512 are checked by cryptography, imported with the
first such token.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

__all__ = ["CompactToken", "VerifyingKey", "import_jwk", "split_compact", "verify_signature"]

# RSA keys shorter than this are refused: NIST has disallowed 1024-bit signatures since 2013
# and Keycloak generates 2048 bits and more
MIN_RSA_BITS = 2048
# and bounds on what one verification may cost, as Go's crypto/rsa sets them: a modulus of at
# most 16384 bits, a public exponent that fits 31 bits (Keycloak's is 65537)
MAX_RSA_BITS = 16384
MAX_RSA_EXPONENT = 2**31 - 1

# base64url without padding (RFC 7515, section 2)
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")

_HASHES = {"256": hashlib.sha256, "384": hashlib.sha384, "512": hashlib.sha512}

# the DER of DigestInfo up to the digest, per hash (RFC 8017, section 9.2, note 1)
_DIGEST_INFO = {
    "256": bytes.fromhex("3031300d060960864801650304020105000420"),
    "384": bytes.fromhex("3041300d060960864801650304020205000430"),
    "512": bytes.fromhex("3051300d060960864801650304020305000440"),
}

# each curve's coordinate size in bytes (RFC 7518, section 6.2.1)
_CURVE_SIZES = {"P-256": 32, "P-384": 48, "P-521": 66}


def b64url_decode(value: str) -> bytes:
    """Strict base64url without padding; ValueError for anything else."""
    if not _BASE64URL.fullmatch(value) or len(value) % 4 == 1:
        raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except binascii.Error as error:
        raise ValueError("not base64url") from error


def _b64url_uint(value: Any) -> int:
    if not isinstance(value, str) or not value:
        raise ValueError("not a base64url integer")
    return int.from_bytes(b64url_decode(value), "big")


@dataclass(frozen=True)
class CompactToken:
    """A compact JWS taken apart; nothing in it is trusted until its signature is checked."""

    header: dict[str, Any]
    payload: bytes
    signing_input: bytes  # what the signature covers: the first two parts, as sent
    signature: bytes


def split_compact(token: str) -> CompactToken:
    """The header, payload and signature of ``header.payload.signature``; ValueError if malformed.

    A header naming critical extensions (``crit``, RFC 7515 section 4.1.11) is
    refused: the kit understands none, and ``b64: false`` would change what
    the signature covers.
    """
    parts = token.split(".")
    if len(parts) != 3:
        raise ValueError("a compact JWS has three parts")
    header_part, payload_part, signature_part = parts
    header = json.loads(b64url_decode(header_part))
    if not isinstance(header, dict):
        raise ValueError("the header is not a JSON object")
    if "crit" in header:
        raise ValueError("critical header extensions are not supported")
    return CompactToken(
        header=header,
        payload=b64url_decode(payload_part),
        signing_input=f"{header_part}.{payload_part}".encode("ascii"),
        signature=b64url_decode(signature_part),
    )


@dataclass(frozen=True)
class VerifyingKey:
    """A realm's public signing key: RSA (``n``, ``e``) or EC (``curve_name``, ``x``, ``y``).

    ``alg`` is the algorithm the JWK names, if any: a key that names one
    verifies nothing else.
    """

    kid: str
    key_type: str  # "RSA" or "EC"
    alg: str | None = None
    n: int = 0
    e: int = 0
    curve_name: str | None = None
    x: int = 0
    y: int = 0

    @property
    def size(self) -> int:
        """The modulus (RSA) or a coordinate (EC) in bytes."""
        if self.key_type == "RSA":
            return (self.n.bit_length() + 7) // 8
        return _CURVE_SIZES[self.curve_name or ""]

    @cached_property
    def native(self) -> Any:
        """cryptography's public key, for the algorithms it checks (imported here, once)."""
        if self.key_type == "RSA":
            from cryptography.hazmat.primitives.asymmetric import rsa

            return rsa.RSAPublicNumbers(self.e, self.n).public_key()
        from cryptography.hazmat.primitives.asymmetric import ec

        curves: dict[str, ec.EllipticCurve] = {
            "P-256": ec.SECP256R1(),
            "P-384": ec.SECP384R1(),
            "P-521": ec.SECP521R1(),
        }
        return ec.EllipticCurvePublicNumbers(
            self.x, self.y, curves[self.curve_name or ""]
        ).public_key()


def import_jwk(entry: dict[str, Any]) -> VerifyingKey:
    """A public RSA or EC signing key from its JWK; ValueError for any other or a malformed one.

    Private members are ignored: only the public part is ever kept.
    """
    kid, key_type, alg = entry.get("kid"), entry.get("kty"), entry.get("alg")
    if not isinstance(kid, str):
        raise ValueError("the key has no kid")
    if alg is not None and not isinstance(alg, str):
        raise ValueError("alg is not a string")
    operations = entry.get("key_ops")
    if operations is not None and (not isinstance(operations, list) or "verify" not in operations):
        raise ValueError("the key is not meant for verifying (key_ops)")
    if key_type == "RSA":
        n, e = _b64url_uint(entry.get("n")), _b64url_uint(entry.get("e"))
        if not MIN_RSA_BITS <= n.bit_length() <= MAX_RSA_BITS:
            raise ValueError(f"RSA keys of {MIN_RSA_BITS} to {MAX_RSA_BITS} bits are accepted")
        if e < 3 or e % 2 == 0 or e >= n or e > MAX_RSA_EXPONENT:
            raise ValueError("the RSA public exponent is not valid")
        return VerifyingKey(kid=kid, key_type="RSA", alg=alg, n=n, e=e)
    if key_type == "EC":
        curve = entry.get("crv")
        if curve not in _CURVE_SIZES:
            raise ValueError(f"unsupported curve {str(curve)[:20]!r}")
        coordinates = [entry.get("x"), entry.get("y")]
        raw = [b64url_decode(value) for value in coordinates if isinstance(value, str)]
        if len(raw) != 2:
            raise ValueError("the EC key lacks x or y")
        if any(len(value) != _CURVE_SIZES[curve] for value in raw):
            raise ValueError(f"x and y of a {curve} key are {_CURVE_SIZES[curve]} bytes")
        x, y = (int.from_bytes(value, "big") for value in raw)
        return VerifyingKey(kid=kid, key_type="EC", alg=alg, curve_name=curve, x=x, y=y)
    raise ValueError(f"unsupported key type {str(key_type)[:20]!r}")


def verify_signature(
    key: VerifyingKey, algorithm: str, signing_input: bytes, signature: bytes
) -> bool:
    """Whether ``signature`` is ``key``'s signature of ``signing_input`` under ``algorithm``.

    The caller has matched the key to the algorithm's family (RS/PS: RSA, ES: EC
    on its curve); a mismatch here is simply False.
    """
    family, bits = algorithm[:2], algorithm[2:]
    if bits not in _HASHES:
        return False
    if family == "RS" and key.key_type == "RSA":
        return _verify_pkcs1_v15(key, bits, signing_input, signature)
    if family == "PS" and key.key_type == "RSA":
        return _verify_with_cryptography(key, algorithm, signing_input, signature)
    if family == "ES" and key.key_type == "EC" and len(signature) == 2 * key.size:
        return _verify_with_cryptography(key, algorithm, signing_input, signature)
    return False


def _verify_pkcs1_v15(key: VerifyingKey, bits: str, message: bytes, signature: bytes) -> bool:
    """RSASSA-PKCS1-v1_5-VERIFY (RFC 8017, section 8.2.2) by re-encoding and comparing."""
    size = key.size
    if len(signature) != size:
        return False
    value = int.from_bytes(signature, "big")
    if value >= key.n:
        return False
    encoded = pow(value, key.e, key.n).to_bytes(size, "big")
    digest_info = _DIGEST_INFO[bits] + _HASHES[bits](message).digest()
    padding = size - len(digest_info) - 3
    if padding < 8:
        return False
    expected = b"\x00\x01" + b"\xff" * padding + b"\x00" + digest_info
    return hmac.compare_digest(encoded, expected)


def _verify_with_cryptography(
    key: VerifyingKey, algorithm: str, message: bytes, signature: bytes
) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    digests: dict[str, hashes.HashAlgorithm] = {
        "256": hashes.SHA256(),
        "384": hashes.SHA384(),
        "512": hashes.SHA512(),
    }
    digest = digests[algorithm[2:]]
    try:
        native = key.native
        if algorithm.startswith("PS"):
            pss = padding.PSS(mgf=padding.MGF1(digest), salt_length=digest.digest_size)
            native.verify(signature, message, pss, digest)
        else:
            half = key.size
            r = int.from_bytes(signature[:half], "big")
            s = int.from_bytes(signature[half:], "big")
            native.verify(encode_dss_signature(r, s), message, ec.ECDSA(digest))
    except (InvalidSignature, ValueError):  # ValueError: x, y not a point of the curve
        return False
    return True
