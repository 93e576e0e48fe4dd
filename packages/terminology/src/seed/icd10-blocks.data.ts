/**
 * ICD-10 chapters and blocks (类目组), Chinese titles as in GB/T 14396 / the national clinical edition,
 * English titles as in WHO ICD-10. A chapter line is `<roman> <range> 中文 | English`; the block lines
 * under it are `<range> 中文 | English`.
 */
export const ICD10_OUTLINE = `
I A00-B99 某些传染病和寄生虫病 | Certain infectious and parasitic diseases
A00-A09 肠道传染病 | Intestinal infectious diseases
A15-A19 结核病 | Tuberculosis
A20-A28 某些动物传染的细菌性疾病 | Certain zoonotic bacterial diseases
A30-A49 其他细菌性疾病 | Other bacterial diseases
A50-A64 主要为性传播模式的感染 | Infections with a predominantly sexual mode of transmission
A65-A69 其他螺旋体疾病 | Other spirochaetal diseases
A70-A74 衣原体引起的其他疾病 | Other diseases caused by chlamydiae
A75-A79 立克次体病 | Rickettsioses
A80-A89 中枢神经系统病毒感染 | Viral infections of the central nervous system
A92-A99 节肢动物传播的病毒性发热和病毒性出血热 | Arthropod-borne viral fevers and viral haemorrhagic fevers
B00-B09 以皮肤和黏膜损害为特征的病毒感染 | Viral infections characterized by skin and mucous membrane lesions
B15-B19 病毒性肝炎 | Viral hepatitis
B20-B24 人类免疫缺陷病毒[HIV]病 | Human immunodeficiency virus [HIV] disease
B25-B34 其他病毒性疾病 | Other viral diseases
B35-B49 真菌病 | Mycoses
B50-B64 原虫疾病 | Protozoal diseases
B65-B83 蠕虫病 | Helminthiases
B85-B89 虱病、螨病和其他侵染 | Pediculosis, acariasis and other infestations
B90-B94 传染病和寄生虫病的后遗症 | Sequelae of infectious and parasitic diseases
B95-B98 细菌、病毒和其他传染性病原体 | Bacterial, viral and other infectious agents
B99-B99 其他传染病 | Other infectious diseases
II C00-D48 肿瘤 | Neoplasms
C00-C14 唇、口腔和咽恶性肿瘤 | Malignant neoplasms of lip, oral cavity and pharynx
C15-C26 消化器官恶性肿瘤 | Malignant neoplasms of digestive organs
C30-C39 呼吸和胸腔内器官恶性肿瘤 | Malignant neoplasms of respiratory and intrathoracic organs
C40-C41 骨和关节软骨恶性肿瘤 | Malignant neoplasms of bone and articular cartilage
C43-C44 皮肤黑色素瘤和其他恶性肿瘤 | Melanoma and other malignant neoplasms of skin
C45-C49 间皮组织和软组织恶性肿瘤 | Malignant neoplasms of mesothelial and soft tissue
C50-C50 乳房恶性肿瘤 | Malignant neoplasm of breast
C51-C58 女性生殖器官恶性肿瘤 | Malignant neoplasms of female genital organs
C60-C63 男性生殖器官恶性肿瘤 | Malignant neoplasms of male genital organs
C64-C68 泌尿道恶性肿瘤 | Malignant neoplasms of urinary tract
C69-C72 眼、脑和中枢神经系统其他部位恶性肿瘤 | Malignant neoplasms of eye, brain and other parts of central nervous system
C73-C75 甲状腺和其他内分泌腺恶性肿瘤 | Malignant neoplasms of thyroid and other endocrine glands
C76-C80 不明确的、继发的和未特指部位的恶性肿瘤 | Malignant neoplasms of ill-defined, secondary and unspecified sites
C81-C96 淋巴、造血和有关组织的恶性肿瘤 | Malignant neoplasms of lymphoid, haematopoietic and related tissue
C97-C97 独立的（原发的）多个部位的恶性肿瘤 | Malignant neoplasms of independent (primary) multiple sites
D00-D09 原位肿瘤 | In situ neoplasms
D10-D36 良性肿瘤 | Benign neoplasms
D37-D48 动态未定或动态未知的肿瘤 | Neoplasms of uncertain or unknown behaviour
III D50-D89 血液及造血器官疾病和涉及免疫机制的某些疾患 | Diseases of the blood and blood-forming organs and certain disorders involving the immune mechanism
D50-D53 营养性贫血 | Nutritional anaemias
D55-D59 溶血性贫血 | Haemolytic anaemias
D60-D64 再生障碍性贫血和其他贫血 | Aplastic and other anaemias
D65-D69 凝血缺陷、紫癜和其他出血性情况 | Coagulation defects, purpura and other haemorrhagic conditions
D70-D77 血液和造血器官的其他疾病 | Other diseases of blood and blood-forming organs
D80-D89 涉及免疫机制的某些疾患 | Certain disorders involving the immune mechanism
IV E00-E90 内分泌、营养和代谢疾病 | Endocrine, nutritional and metabolic diseases
E00-E07 甲状腺疾患 | Disorders of thyroid gland
E10-E14 糖尿病 | Diabetes mellitus
E15-E16 葡萄糖调节和胰腺内分泌的其他疾患 | Other disorders of glucose regulation and pancreatic internal secretion
E20-E35 其他内分泌腺疾患 | Disorders of other endocrine glands
E40-E46 营养不良 | Malnutrition
E50-E64 其他营养缺乏 | Other nutritional deficiencies
E65-E68 肥胖症和其他营养过度 | Obesity and other hyperalimentation
E70-E90 代谢紊乱 | Metabolic disorders
V F00-F99 精神和行为障碍 | Mental and behavioural disorders
F00-F09 器质性（包括症状性）精神障碍 | Organic, including symptomatic, mental disorders
F10-F19 使用精神活性物质所致的精神和行为障碍 | Mental and behavioural disorders due to psychoactive substance use
F20-F29 精神分裂症、分裂型障碍和妄想性障碍 | Schizophrenia, schizotypal and delusional disorders
F30-F39 心境［情感］障碍 | Mood [affective] disorders
F40-F48 神经症性、应激相关的及躯体形式的障碍 | Neurotic, stress-related and somatoform disorders
F50-F59 伴有生理紊乱及躯体因素的行为综合征 | Behavioural syndromes associated with physiological disturbances and physical factors
F60-F69 成人人格和行为障碍 | Disorders of adult personality and behaviour
F70-F79 精神发育迟缓 | Mental retardation
F80-F89 心理发育障碍 | Disorders of psychological development
F90-F98 通常起病于童年和少年期的行为和情绪障碍 | Behavioural and emotional disorders with onset usually occurring in childhood and adolescence
F99-F99 未特指的精神障碍 | Unspecified mental disorder
VI G00-G99 神经系统疾病 | Diseases of the nervous system
G00-G09 中枢神经系统炎性疾病 | Inflammatory diseases of the central nervous system
G10-G14 主要影响中枢神经系统的系统性萎缩 | Systemic atrophies primarily affecting the central nervous system
G20-G26 锥体外系和运动障碍 | Extrapyramidal and movement disorders
G30-G32 神经系统的其他变性性疾病 | Other degenerative diseases of the nervous system
G35-G37 中枢神经系统脱髓鞘疾病 | Demyelinating diseases of the central nervous system
G40-G47 发作性和阵发性疾患 | Episodic and paroxysmal disorders
G50-G59 神经、神经根和神经丛疾患 | Nerve, nerve root and plexus disorders
G60-G64 多神经病和周围神经系统的其他疾患 | Polyneuropathies and other disorders of the peripheral nervous system
G70-G73 肌神经接头和肌肉疾病 | Diseases of myoneural junction and muscle
G80-G83 脑性瘫痪和其他麻痹综合征 | Cerebral palsy and other paralytic syndromes
G90-G99 神经系统的其他疾患 | Other disorders of the nervous system
VII H00-H59 眼和附器疾病 | Diseases of the eye and adnexa
H00-H06 眼睑、泪器系统和眼眶疾患 | Disorders of eyelid, lacrimal system and orbit
H10-H13 结膜疾患 | Disorders of conjunctiva
H15-H22 巩膜、角膜、虹膜和睫状体疾患 | Disorders of sclera, cornea, iris and ciliary body
H25-H28 晶状体疾患 | Disorders of lens
H30-H36 脉络膜和视网膜疾患 | Disorders of choroid and retina
H40-H42 青光眼 | Glaucoma
H43-H45 玻璃体和眼球疾患 | Disorders of vitreous body and globe
H46-H48 视神经和视觉通路疾患 | Disorders of optic nerve and visual pathways
H49-H52 眼肌、双眼运动、调节和屈光疾患 | Disorders of ocular muscles, binocular movement, accommodation and refraction
H53-H54 视觉障碍和盲 | Visual disturbances and blindness
H55-H59 眼和附器的其他疾患 | Other disorders of eye and adnexa
VIII H60-H95 耳和乳突疾病 | Diseases of the ear and mastoid process
H60-H62 外耳疾病 | Diseases of external ear
H65-H75 中耳和乳突疾病 | Diseases of middle ear and mastoid
H80-H83 内耳疾病 | Diseases of inner ear
H90-H95 耳的其他疾患 | Other disorders of ear
IX I00-I99 循环系统疾病 | Diseases of the circulatory system
I00-I02 急性风湿热 | Acute rheumatic fever
I05-I09 慢性风湿性心脏病 | Chronic rheumatic heart diseases
I10-I15 高血压性疾病 | Hypertensive diseases
I20-I25 缺血性心脏病 | Ischaemic heart diseases
I26-I28 肺源性心脏病和肺循环疾病 | Pulmonary heart disease and diseases of pulmonary circulation
I30-I52 其他类型的心脏病 | Other forms of heart disease
I60-I69 脑血管病 | Cerebrovascular diseases
I70-I79 动脉、小动脉和毛细血管疾病 | Diseases of arteries, arterioles and capillaries
I80-I89 静脉、淋巴管和淋巴结疾病，不可归类在他处者 | Diseases of veins, lymphatic vessels and lymph nodes, not elsewhere classified
I95-I99 循环系统其他和未特指的疾患 | Other and unspecified disorders of the circulatory system
X J00-J99 呼吸系统疾病 | Diseases of the respiratory system
J00-J06 急性上呼吸道感染 | Acute upper respiratory infections
J09-J18 流行性感冒和肺炎 | Influenza and pneumonia
J20-J22 其他急性下呼吸道感染 | Other acute lower respiratory infections
J30-J39 上呼吸道其他疾病 | Other diseases of upper respiratory tract
J40-J47 慢性下呼吸道疾病 | Chronic lower respiratory diseases
J60-J70 外部物质引起的肺病 | Lung diseases due to external agents
J80-J84 主要影响间质的其他呼吸性疾病 | Other respiratory diseases principally affecting the interstitium
J85-J86 下呼吸道化脓性和坏死性情况 | Suppurative and necrotic conditions of lower respiratory tract
J90-J94 胸膜其他疾病 | Other diseases of pleura
J95-J99 呼吸系统的其他疾病 | Other diseases of the respiratory system
XI K00-K93 消化系统疾病 | Diseases of the digestive system
K00-K14 口腔、涎腺和颌疾病 | Diseases of oral cavity, salivary glands and jaws
K20-K31 食管、胃和十二指肠疾病 | Diseases of oesophagus, stomach and duodenum
K35-K38 阑尾疾病 | Diseases of appendix
K40-K46 疝 | Hernia
K50-K52 非感染性肠炎和结肠炎 | Noninfective enteritis and colitis
K55-K64 肠的其他疾病 | Other diseases of intestines
K65-K67 腹膜疾病 | Diseases of peritoneum
K70-K77 肝疾病 | Diseases of liver
K80-K87 胆囊、胆道和胰疾患 | Disorders of gallbladder, biliary tract and pancreas
K90-K93 消化系统的其他疾病 | Other diseases of the digestive system
XII L00-L99 皮肤和皮下组织疾病 | Diseases of the skin and subcutaneous tissue
L00-L08 皮肤和皮下组织感染 | Infections of the skin and subcutaneous tissue
L10-L14 大疱性疾患 | Bullous disorders
L20-L30 皮炎和湿疹 | Dermatitis and eczema
L40-L45 丘疹鳞屑性疾患 | Papulosquamous disorders
L50-L54 荨麻疹和红斑 | Urticaria and erythema
L55-L59 与辐射有关的皮肤和皮下组织疾患 | Radiation-related disorders of the skin and subcutaneous tissue
L60-L75 皮肤附属器疾患 | Disorders of skin appendages
L80-L99 皮肤和皮下组织的其他疾患 | Other disorders of the skin and subcutaneous tissue
XIII M00-M99 肌肉骨骼系统和结缔组织疾病 | Diseases of the musculoskeletal system and connective tissue
M00-M03 感染性关节病 | Infectious arthropathies
M05-M14 炎性多关节病 | Inflammatory polyarthropathies
M15-M19 关节病 | Arthrosis
M20-M25 其他关节疾患 | Other joint disorders
M30-M36 全身性结缔组织疾患 | Systemic connective tissue disorders
M40-M43 变形性脊柱病 | Deforming dorsopathies
M45-M49 脊椎病 | Spondylopathies
M50-M54 其他脊柱病 | Other dorsopathies
M60-M63 肌肉疾患 | Disorders of muscles
M65-M68 滑膜和肌腱疾患 | Disorders of synovium and tendon
M70-M79 其他软组织疾患 | Other soft tissue disorders
M80-M85 骨密度和骨结构疾患 | Disorders of bone density and structure
M86-M90 其他骨病 | Other osteopathies
M91-M94 软骨病 | Chondropathies
M95-M99 肌肉骨骼系统和结缔组织的其他疾患 | Other disorders of the musculoskeletal system and connective tissue
XIV N00-N99 泌尿生殖系统疾病 | Diseases of the genitourinary system
N00-N08 肾小球疾病 | Glomerular diseases
N10-N16 肾小管-间质疾病 | Renal tubulo-interstitial diseases
N17-N19 肾衰竭 | Renal failure
N20-N23 尿石病 | Urolithiasis
N25-N29 肾和输尿管的其他疾患 | Other disorders of kidney and ureter
N30-N39 泌尿系统的其他疾病 | Other diseases of urinary system
N40-N51 男性生殖器官疾病 | Diseases of male genital organs
N60-N64 乳房疾患 | Disorders of breast
N70-N77 女性盆腔器官炎性疾病 | Inflammatory diseases of female pelvic organs
N80-N98 女性生殖道非炎性疾患 | Noninflammatory disorders of female genital tract
N99-N99 泌尿生殖系统的其他疾患 | Other disorders of the genitourinary system
XV O00-O99 妊娠、分娩和产褥期 | Pregnancy, childbirth and the puerperium
O00-O08 流产结局的妊娠 | Pregnancy with abortive outcome
O10-O16 妊娠、分娩和产褥期的水肿、蛋白尿和高血压疾患 | Oedema, proteinuria and hypertensive disorders in pregnancy, childbirth and the puerperium
O20-O29 主要与妊娠有关的其他孕产妇疾患 | Other maternal disorders predominantly related to pregnancy
O30-O48 与胎儿和羊膜腔及可能的分娩问题有关的孕产妇医疗 | Maternal care related to the fetus and amniotic cavity and possible delivery problems
O60-O75 产程和分娩的并发症 | Complications of labour and delivery
O80-O84 分娩 | Delivery
O85-O92 主要与产褥期有关的并发症 | Complications predominantly related to the puerperium
O94-O99 其他产科情况，不可归类在他处者 | Other obstetric conditions, not elsewhere classified
XVI P00-P96 起源于围生期的某些情况 | Certain conditions originating in the perinatal period
P00-P04 受母体因素及妊娠、产程和分娩并发症影响的胎儿和新生儿 | Fetus and newborn affected by maternal factors and by complications of pregnancy, labour and delivery
P05-P08 与妊娠期长短和胎儿生长有关的疾患 | Disorders related to length of gestation and fetal growth
P10-P15 产伤 | Birth trauma
P20-P29 特发于围生期的呼吸和心血管疾患 | Respiratory and cardiovascular disorders specific to the perinatal period
P35-P39 特发于围生期的感染 | Infections specific to the perinatal period
P50-P61 胎儿和新生儿的出血性和血液学疾患 | Haemorrhagic and haematological disorders of fetus and newborn
P70-P74 特异于胎儿和新生儿的暂时性内分泌和代谢紊乱 | Transitory endocrine and metabolic disorders specific to fetus and newborn
P75-P78 胎儿和新生儿的消化系统疾患 | Digestive system disorders of fetus and newborn
P80-P83 涉及胎儿和新生儿皮肤和体温调节的情况 | Conditions involving the integument and temperature regulation of fetus and newborn
P90-P96 起源于围生期的其他疾患 | Other disorders originating in the perinatal period
XVII Q00-Q99 先天性畸形、变形和染色体异常 | Congenital malformations, deformations and chromosomal abnormalities
Q00-Q07 神经系统先天性畸形 | Congenital malformations of the nervous system
Q10-Q18 眼、耳、面和颈部先天性畸形 | Congenital malformations of eye, ear, face and neck
Q20-Q28 循环系统先天性畸形 | Congenital malformations of the circulatory system
Q30-Q34 呼吸系统先天性畸形 | Congenital malformations of the respiratory system
Q35-Q37 唇裂和腭裂 | Cleft lip and cleft palate
Q38-Q45 消化系统其他先天性畸形 | Other congenital malformations of the digestive system
Q50-Q56 生殖器官先天性畸形 | Congenital malformations of genital organs
Q60-Q64 泌尿系统先天性畸形 | Congenital malformations of the urinary system
Q65-Q79 肌肉骨骼系统先天性畸形和变形 | Congenital malformations and deformations of the musculoskeletal system
Q80-Q89 其他先天性畸形 | Other congenital malformations
Q90-Q99 染色体异常，不可归类在他处者 | Chromosomal abnormalities, not elsewhere classified
XVIII R00-R99 症状、体征和临床与实验室异常所见，不可归类在他处者 | Symptoms, signs and abnormal clinical and laboratory findings, not elsewhere classified
R00-R09 涉及循环和呼吸系统的症状和体征 | Symptoms and signs involving the circulatory and respiratory systems
R10-R19 涉及消化系统和腹部的症状和体征 | Symptoms and signs involving the digestive system and abdomen
R20-R23 涉及皮肤和皮下组织的症状和体征 | Symptoms and signs involving the skin and subcutaneous tissue
R25-R29 涉及神经和肌肉骨骼系统的症状和体征 | Symptoms and signs involving the nervous and musculoskeletal systems
R30-R39 涉及泌尿系统的症状和体征 | Symptoms and signs involving the urinary system
R40-R46 涉及认识、知觉、情绪状态和行为的症状和体征 | Symptoms and signs involving cognition, perception, emotional state and behaviour
R47-R49 涉及言语和嗓音的症状和体征 | Symptoms and signs involving speech and voice
R50-R69 全身性症状和体征 | General symptoms and signs
R70-R79 血液检查的异常所见，无诊断 | Abnormal findings on examination of blood, without diagnosis
R80-R82 尿检查的异常所见，无诊断 | Abnormal findings on examination of urine, without diagnosis
R83-R89 其他体液、物质和组织检查的异常所见，无诊断 | Abnormal findings on examination of other body fluids, substances and tissues, without diagnosis
R90-R94 诊断性影像检查和功能检查的异常所见，无诊断 | Abnormal findings on diagnostic imaging and in function studies, without diagnosis
R95-R99 死亡的不明确和原因不明 | Ill-defined and unknown causes of mortality
XIX S00-T98 损伤、中毒和外因的某些其他后果 | Injury, poisoning and certain other consequences of external causes
S00-S09 头部损伤 | Injuries to the head
S10-S19 颈部损伤 | Injuries to the neck
S20-S29 胸部损伤 | Injuries to the thorax
S30-S39 腹部、下背、腰椎和骨盆损伤 | Injuries to the abdomen, lower back, lumbar spine and pelvis
S40-S49 肩和上臂损伤 | Injuries to the shoulder and upper arm
S50-S59 肘和前臂损伤 | Injuries to the elbow and forearm
S60-S69 腕和手损伤 | Injuries to the wrist and hand
S70-S79 髋和大腿损伤 | Injuries to the hip and thigh
S80-S89 膝和小腿损伤 | Injuries to the knee and lower leg
S90-S99 踝和足损伤 | Injuries to the ankle and foot
T00-T07 累及身体多个部位的损伤 | Injuries involving multiple body regions
T08-T14 躯干、四肢或身体未特指部位的损伤 | Injuries to unspecified part of trunk, limb or body region
T15-T19 通过自然腔口进入异物的效应 | Effects of foreign body entering through natural orifice
T20-T25 体表烧伤和腐蚀伤 | Burns and corrosions of external body surface, specified by site
T26-T28 限于眼和内部器官的烧伤和腐蚀伤 | Burns and corrosions confined to eye and internal organs
T29-T32 累及身体多个和未特指部位的烧伤和腐蚀伤 | Burns and corrosions of multiple and unspecified body regions
T33-T35 冻伤 | Frostbite
T36-T50 药物、药剂和生物制品中毒 | Poisoning by drugs, medicaments and biological substances
T51-T65 主要为非药用物质的毒性效应 | Toxic effects of substances chiefly nonmedicinal as to source
T66-T78 外因的其他和未特指的效应 | Other and unspecified effects of external causes
T79-T79 创伤的某些早期并发症 | Certain early complications of trauma
T80-T88 手术和医疗的并发症，不可归类在他处者 | Complications of surgical and medical care, not elsewhere classified
T90-T98 损伤、中毒和外因的其他后果的后遗症 | Sequelae of injuries, of poisoning and of other consequences of external causes
XX V01-Y98 疾病和死亡的外因 | External causes of morbidity and mortality
V01-V99 运输事故 | Transport accidents
W00-X59 意外损伤的其他外因 | Other external causes of accidental injury
X60-X84 故意自害 | Intentional self-harm
X85-Y09 加害 | Assault
Y10-Y34 意图不确定的事件 | Event of undetermined intent
Y35-Y36 依法处置和作战行动 | Legal intervention and operations of war
Y40-Y84 医疗并发症 | Complications of medical and surgical care
Y85-Y89 疾病和死亡外因的后遗症 | Sequelae of external causes of morbidity and mortality
Y90-Y98 与分类于他处的疾病和死亡原因有关的补充因素 | Supplementary factors related to causes of morbidity and mortality classified elsewhere
XXI Z00-Z99 影响健康状态和与保健机构接触的因素 | Factors influencing health status and contact with health services
Z00-Z13 为检查和调查而与保健机构接触者 | Persons encountering health services for examination and investigation
Z20-Z29 与传染病有关的健康危害的人 | Persons with potential health hazards related to communicable diseases
Z30-Z39 与生殖有关的情况而与保健机构接触者 | Persons encountering health services in circumstances related to reproduction
Z40-Z54 为特殊操作和保健而与保健机构接触者 | Persons encountering health services for specific procedures and health care
Z55-Z65 与社会经济和心理社会情况有关的潜在健康危害的人 | Persons with potential health hazards related to socioeconomic and psychosocial circumstances
Z70-Z76 其他情况而与保健机构接触者 | Persons encountering health services in other circumstances
Z80-Z99 与家族和个人史以及某些影响健康状态的情况有关的潜在健康危害的人 | Persons with potential health hazards related to family and personal history and certain conditions influencing health status
XXII U00-U85 特殊目的编码 | Codes for special purposes
U00-U49 新疾病的暂时分配或紧急用途 | Provisional assignment of new diseases of uncertain etiology or emergency use
U82-U85 对抗菌药物和抗肿瘤药物的耐药性 | Resistance to antimicrobial and antineoplastic drugs`;
