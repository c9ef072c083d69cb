package io.looklook.usercenter.adapter.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of looklook's usercenter routes, with its field names; every listed key is required, as in go-zero. */
public final class UserRequests {

    static final String MOBILE = "1[3-9][0-9]{9}";
    static final String MOBILE_MESSAGE = "must be a mainland China mobile number: 11 digits, starting with 13 to 19";

    private UserRequests() {
    }

    public record RegisterReq(
            @Schema(example = "13912345678") @NotNull @Pattern(regexp = MOBILE, message = MOBILE_MESSAGE) String mobile,
            @Schema(example = "my secret password") @NotNull @Size(min = 8, max = 64, message = "must be 8 to 64 characters") String password) {
    }

    /** No length rule on the password here: a login only compares, and an old password may predate a rule. */
    public record LoginReq(
            @Schema(example = "13912345678") @NotNull @Pattern(regexp = MOBILE, message = MOBILE_MESSAGE) String mobile,
            @Schema(example = "my secret password") @NotNull @Size(max = 64, message = "must be at most 64 characters") String password) {
    }

    public record WxMiniAuthReq(
            @Schema(example = "0a1b2c3d4e5f", description = "from wx.login") @NotBlank @Size(max = 128) String code,
            @Schema(example = "r7BXXKkLb8qrSNn05n0qiA==", description = "from getPhoneNumber") @NotBlank @Size(max = 64) String iv,
            @Schema(example = "CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZM...", description = "from getPhoneNumber") @NotBlank @Size(max = 4096) String encryptedData) {
    }

    /** The whole public profile (this system's addition: the original has no way to change it). */
    public record UpdateInfoReq(
            @Schema(example = "Lily") @NotBlank @Size(max = 64, message = "must be 1 to 64 characters") String nickname,
            @Schema(example = "1", description = "0 male, 1 female") @NotNull @Min(0) @Max(1) Integer sex,
            @Schema(example = "https://example.com/avatar.png") @NotNull @Size(max = 255, message = "must be at most 255 characters") String avatar,
            @Schema(example = "likes quiet courtyards") @NotNull @Size(max = 255, message = "must be at most 255 characters") String info) {
    }

    /** The sandbox phone's input: the WeChat user it plays. */
    public record SandboxLoginReq(
            @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_-]+", message = "must be letters, digits, _ or -") String openid,
            @NotNull @Pattern(regexp = MOBILE, message = MOBILE_MESSAGE) String phoneNumber) {
    }
}
