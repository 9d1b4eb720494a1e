window.YTD.tweets.part0 = [
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1699001000000000001"
          ],
          "editableUntil": "2023-09-07T10:00:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "72"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "1698990000000000000",
      "id_str": "1699001000000000001",
      "truncated": false,
      "retweet_count": "0",
      "id": "1699001000000000001",
      "created_at": "Thu Sep 07 09:00:00 +0000 2023",
      "favorited": false,
      "full_text": "Thanks for the quick reply yesterday @AcmeAir, the new seat was great ✈️",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1699001000000000002"
          ],
          "editableUntil": "2023-09-07T10:00:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "93"
      ],
      "favorite_count": "1",
      "in_reply_to_status_id_str": null,
      "id_str": "1699001000000000002",
      "truncated": false,
      "retweet_count": "0",
      "id": "1699001000000000002",
      "created_at": "Thu Sep 07 09:01:00 +0000 2023",
      "favorited": false,
      "full_text": "@jo_rivera Sorry to hear that! Can you reply with your booking reference so we can check? ^MK",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1699001000000000003"
          ],
          "editableUntil": "2023-09-07T10:00:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "109"
      ],
      "favorite_count": "2",
      "in_reply_to_status_id_str": "1698990000000000000",
      "id_str": "1699001000000000003",
      "truncated": false,
      "retweet_count": "0",
      "id": "1699001000000000003",
      "created_at": "Thu Sep 07 09:02:00 +0000 2023",
      "favorited": false,
      "full_text": "@sam_k We've updated the email on file to sam.k+travel@example.com, you should get a confirmation shortly ^LT",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1699001000000000004"
          ],
          "editableUntil": "2023-09-07T10:00:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "98"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": null,
      "id_str": "1699001000000000004",
      "truncated": false,
      "retweet_count": "0",
      "id": "1699001000000000004",
      "created_at": "Thu Sep 07 09:03:00 +0000 2023",
      "favorited": false,
      "full_text": "Our app is back up after this morning's outage. Thanks for bearing with us! https://t.co/status123",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1699001000000000005"
          ],
          "editableUntil": "2023-09-07T10:00:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "87"
      ],
      "favorite_count": "1",
      "in_reply_to_status_id_str": "1698990000000000000",
      "id_str": "1699001000000000005",
      "truncated": false,
      "retweet_count": "0",
      "id": "1699001000000000005",
      "created_at": "Thu Sep 07 09:04:00 +0000 2023",
      "favorited": false,
      "full_text": "@maria_l Hi Maria, please DM us your order number and we'll look into it right away ^JD",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1699001000000000006"
          ],
          "editableUntil": "2023-09-07T10:00:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "82"
      ],
      "favorite_count": "2",
      "in_reply_to_status_id_str": null,
      "id_str": "1699001000000000006",
      "truncated": false,
      "retweet_count": "0",
      "id": "1699001000000000006",
      "created_at": "Thu Sep 07 09:05:00 +0000 2023",
      "favorited": false,
      "full_text": "@d_chen Your refund of $49.99 went back to the card ending in 4242 on Tuesday. ^AN",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1699001000000000007"
          ],
          "editableUntil": "2023-09-07T10:00:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "102"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "1698990000000000000",
      "id_str": "1699001000000000007",
      "truncated": false,
      "retweet_count": "0",
      "id": "1699001000000000007",
      "created_at": "Thu Sep 07 09:06:00 +0000 2023",
      "favorited": false,
      "full_text": "@lee_p We tried to call you on (415) 555-0132 but couldn't get through, can you DM us a good time? ^KM",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1699001000000000008"
          ],
          "editableUntil": "2023-09-07T10:00:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "69"
      ],
      "favorite_count": "1",
      "in_reply_to_status_id_str": null,
      "id_str": "1699001000000000008",
      "truncated": false,
      "retweet_count": "0",
      "id": "1699001000000000008",
      "created_at": "Thu Sep 07 09:07:00 +0000 2023",
      "favorited": false,
      "full_text": "Happy Friday! Our stores open at 9am tomorrow for the sale 🎉 #weekend",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1699001000000000009"
          ],
          "editableUntil": "2023-09-07T10:00:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "70"
      ],
      "favorite_count": "2",
      "in_reply_to_status_id_str": "1698990000000000000",
      "id_str": "1699001000000000009",
      "truncated": false,
      "retweet_count": "0",
      "id": "1699001000000000009",
      "created_at": "Thu Sep 07 09:08:00 +0000 2023",
      "favorited": false,
      "full_text": "@ana_g ¡Hola Ana! ¿Nos indicas tu número de pedido para revisarlo? ^LT",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1699001000000000010"
          ],
          "editableUntil": "2023-09-07T10:00:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "81"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": null,
      "id_str": "1699001000000000010",
      "truncated": false,
      "retweet_count": "0",
      "id": "1699001000000000010",
      "created_at": "Thu Sep 07 09:09:00 +0000 2023",
      "favorited": false,
      "full_text": "@tom_h The tracking number 1Z999AA10123456784 shows it out for delivery today ^MK",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1699001000000000011"
          ],
          "editableUntil": "2023-09-07T10:00:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "59"
      ],
      "favorite_count": "1",
      "in_reply_to_status_id_str": "1698990000000000000",
      "id_str": "1699001000000000011",
      "truncated": false,
      "retweet_count": "0",
      "id": "1699001000000000011",
      "created_at": "Thu Sep 07 09:10:00 +0000 2023",
      "favorited": false,
      "full_text": "@ravi_s Thanks Ravi, glad it's sorted &amp; enjoy the trip!",
      "lang": "en"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1699001000000000012"
          ],
          "editableUntil": "2023-09-07T10:00:00.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "80"
      ],
      "favorite_count": "2",
      "in_reply_to_status_id_str": null,
      "id_str": "1699001000000000012",
      "truncated": false,
      "retweet_count": "0",
      "id": "1699001000000000012",
      "created_at": "Thu Sep 07 09:11:00 +0000 2023",
      "favorited": false,
      "full_text": "@kim_y Ugh, sorry! Follow us and send a DM with the details so we can fix it ^AN",
      "lang": "en"
    }
  }
]
