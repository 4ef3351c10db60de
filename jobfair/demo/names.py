"""People's names of the region: Han names, and Mongolian names written in Chinese characters.

Many Mongolian names have no Han surname and run to three or four characters
(巴特尔, 那仁图雅); some families put a Han-style surname in front of one
(包巴特尔).
"""

from __future__ import annotations

HAN_SURNAMES = (
    "王王王李李李张张张刘刘陈陈杨杨赵赵黄周吴徐孙胡朱高高林何郭马马罗梁宋郑谢韩韩唐冯于董"
    "程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝"
    "孔白白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文温云云包包奇鲍霍樊牛闫"
)
HAN_GIVEN_MALE = (
    "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帅旭东亮峰龙晨阳博文志建国海林成斌永兵"
)
HAN_GIVEN_FEMALE = "芳娜敏静丽艳娟霞燕玲婷慧颖琳雪莉倩萍红梅丹璐佳欣悦月琪蕾晶妍宁颖"
HAN_GIVEN_SECOND = "子宇浩一嘉思晓雨欣梓家俊晨天春秋冬玉金银德振永小文建志海"
MONGOLIAN_NAMES = (
    "巴特尔",
    "其木格",
    "乌云",
    "苏日娜",
    "额尔敦",
    "那仁图雅",
    "宝音",
    "阿拉坦仓",
    "斯琴",
    "图雅",
    "萨仁",
    "朝鲁",
    "孟和",
    "巴雅尔",
    "达来",
    "格日勒",
    "哈斯",
    "乌力吉",
    "苏和",
    "朝格图",
    "敖登",
    "娜仁",
    "塔娜",
    "其其格",
    "高娃",
    "乌兰",
    "阿古拉",
    "布和",
    "毕力格",
    "吉日嘎拉",
    "特木尔",
    "那顺",
    "呼和",
    "巴图",
    "青格勒",
    "阿拉腾",
    "乌日娜",
    "苏布德",
    "图门",
    "达古拉",
    "莫日根",
    "赛音",
    "德力格尔",
    "牧仁",
    "满都拉",
    "白音",
    "额日和",
    "乌恩",
    "宝力道",
    "萨出拉",
    "斯日古楞",
    "阿木古楞",
    "额尔德木",
    "查干",
    "锡林",
    "乌兰托雅",
    "苏雅拉图",
    "朝克图",
    "巴音",
    "乌日汗",
    "包勒尔",
    "伊德日",
    "敖日格乐",
    "哈斯巴根",
)
MONGOLIAN_SURNAMES = "包白韩云奇鲍宝那乌"
