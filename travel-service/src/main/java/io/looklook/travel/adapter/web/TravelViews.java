package io.looklook.travel.adapter.web;

import io.looklook.travel.domain.Homestay;
import io.looklook.travel.domain.HomestayBusiness;
import io.looklook.travel.domain.HomestayComment;
import io.looklook.platform.money.Money;
import java.util.List;

/** Response bodies, with looklook's field names; prices in yuan as the original's views. Lists are never null. */
public final class TravelViews {

    private TravelViews() {
    }

    public record ListResp<T>(List<T> list) {
        public ListResp {
            list = list == null ? List.of() : list;
        }
    }

    public record HomestayResp(HomestayView homestay) {
    }

    public record BossResp(HomestayBusinessBossView boss) {
    }

    public record HomestayView(long id, String title, String subTitle, String banner, String info, int peopleNum,
                               long homestayBusinessId, long userId, int rowState, int rowType, String foodInfo,
                               double foodPrice, double homestayPrice, double marketHomestayPrice) {

        static HomestayView of(Homestay h) {
            return new HomestayView(h.id(), h.title(), h.subTitle(), h.banner(), h.info(), h.peopleNum(),
                    h.homestayBusinessId(), h.userId(), h.rowState(), h.rowType(), h.foodInfo(),
                    Money.fenToYuan(h.foodPrice()), Money.fenToYuan(h.homestayPrice()),
                    Money.fenToYuan(h.marketHomestayPrice()));
        }
    }

    /**
     * A landlord's public profile. Without a user-center it comes from the business: nickname = business title,
     * avatar = header image, info = boss info; {@code id} and {@code userId} are the landlord's user id (the
     * original always sent userId 0); {@code rank} is the position in the featured list (0 elsewhere).
     */
    public record HomestayBusinessBossView(long id, long userId, String nickname, String avatar, String info, long rank) {

        static HomestayBusinessBossView of(HomestayBusiness b, long rank) {
            return new HomestayBusinessBossView(b.userId(), b.userId(), b.title(), b.headerImg(), b.bossInfo(), rank);
        }
    }

    /** {@code isFav}, {@code sellMonth} and {@code personConsume} need data this service does not own: 0, as the original. */
    public record HomestayBusinessListInfoView(long id, String title, String info, String tags, String cover, double star,
                                               long isFav, String headerImg, long sellMonth, long personConsume) {

        static HomestayBusinessListInfoView of(HomestayBusiness b) {
            return new HomestayBusinessListInfoView(b.id(), b.title(), b.info(), b.tags(), b.cover(), b.star(), 0,
                    b.headerImg(), 0, 0);
        }
    }

    /** {@code nickname} and {@code avatar} would come from a user-center: empty here. */
    public record HomestayCommentView(long id, long homestayId, String content, double star, long userId,
                                      String nickname, String avatar) {

        static HomestayCommentView of(HomestayComment c) {
            return new HomestayCommentView(c.id(), c.homestayId(), c.content(), c.overallStar(), c.userId(), "", "");
        }
    }
}
