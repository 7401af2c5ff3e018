// Names for `kaohe demo`: bus operators (公交公司) with their plate prefix and service distance
// (some near, some far, several around the 100 km edge), bus models, service staff and leaders.
export const CUSTOMERS: Array<{ name: string; plate: string; km: [number, number]; phone: string; contact: string; address: string }> = [
  { name: '哈尔滨市公共交通集团', plate: '黑A', km: [5, 40], phone: '0451-86661234', contact: '王建国', address: '哈尔滨市南岗区学府路 68 号' },
  { name: '哈尔滨交通集团第三公交公司', plate: '黑A', km: [10, 45], phone: '0451-82345678', contact: '孙立新', address: '哈尔滨市道外区南直路 201 号' },
  { name: '双城区公交公司', plate: '黑A', km: [55, 70], phone: '0451-53112233', contact: '赵春生', address: '双城区承旭大街 15 号' },
  { name: '五常市公交公司', plate: '黑A', km: [95, 108], phone: '0451-53556677', contact: '李玉华', address: '五常市长山路 9 号' },
  { name: '绥化市公交总公司', plate: '黑M', km: [98, 125], phone: '0455-8223344', contact: '刘德明', address: '绥化市北林区中兴路 33 号' },
  { name: '大庆市公共交通总公司', plate: '黑E', km: [150, 170], phone: '0459-6123456', contact: '陈志强', address: '大庆市萨尔图区中央大街 2 号' },
  { name: '齐齐哈尔市公交公司', plate: '黑B', km: [280, 300], phone: '0452-2456789', contact: '周海波', address: '齐齐哈尔市龙沙区卜奎大街 120 号' },
  { name: '牡丹江市公交集团', plate: '黑C', km: [300, 330], phone: '0453-6987654', contact: '吴明亮', address: '牡丹江市东安区太平路 88 号' },
  { name: '佳木斯市公共汽车公司', plate: '黑D', km: [330, 360], phone: '0454-8765432', contact: '郑国庆', address: '佳木斯市前进区长安路 7 号' },
  { name: '阿城区公交公司', plate: '黑A', km: [25, 35], phone: '0451-53778899', contact: '冯春雨', address: '阿城区延川大街 42 号' },
  { name: '宾县客运公司', plate: '黑A', km: [70, 85], phone: '0451-57901234', contact: '褚卫东', address: '宾县宾州镇二道街 5 号' },
  { name: '尚志市公交公司', plate: '黑A', km: [100, 100], phone: '0451-53334455', contact: '卫光辉', address: '尚志市尚志大街 18 号' },
  { name: '肇东市公交公司', plate: '黑M', km: [60, 75], phone: '0455-7771234', contact: '蒋红军', address: '肇东市正阳大街 61 号' },
  { name: '鸡西市公交总公司', plate: '黑G', km: [420, 440], phone: '0467-2345678', contact: '沈永平', address: '鸡西市鸡冠区中心大街 3 号' },
];

export const MODELS = ['XML6125', 'XML6105', 'XML6855', 'XML6119', 'XMQ6127', 'XML6809'];

export const STAFF = ['王强', '李明', '张伟', '刘洋', '陈磊', '杨帆', '赵军', '黄海', '周涛', '吴斌', '徐凯', '孙鹏'];

export const LEADERS = ['刘经理', '马部长', '高主任'];

export const SIGNERS = ['张建国', '李师傅', '王队长', '赵站长', '孙主任', '车队长'];

export const BODY_FAULTS = ['车门气泵漏气, 前门无法关闭', '侧窗玻璃破裂', '仪表台异响', '空调不制冷', '雨刮器不工作', '乘客门踏步灯不亮', '顶窗漏水'];
export const CHASSIS_FAULTS = ['制动跑偏', '转向沉重', '后桥异响', '钢板弹簧断裂', '离合器打滑', '气压不足, 制动报警'];
export const ENGINE_FAULTS = ['发动机冒黑烟', '水温过高', '怠速不稳', '启动困难', '机油压力低', '动力不足'];
export const OTHER_FAULTS = ['车载终端不开机', '投币机故障', '广告屏黑屏'];

export const CAUSES: Record<string, string[]> = {
  body: ['门泵密封圈老化', '玻璃受外力撞击', '线束接头松动', '冷凝器脏堵'],
  chassis: ['制动分泵卡滞', '转向机缺油', '轴承磨损', '钢板疲劳断裂'],
  engine: ['喷油嘴雾化不良', '节温器失效', '进气管漏气', '机油泵磨损'],
  other: ['电源保险烧断', '主板进水'],
};

export const PARTS: Record<string, Array<[string, string]>> = {
  body: [['P-1001', '门泵'], ['P-1002', '侧窗玻璃'], ['P-1003', '空调滤网']],
  chassis: [['P-2001', '制动分泵'], ['P-2002', '转向助力泵'], ['P-2003', '后桥轴承']],
  engine: [['P-3001', '喷油嘴'], ['P-3002', '节温器'], ['P-3003', '机油泵']],
  other: [['P-9001', '保险丝']],
};
